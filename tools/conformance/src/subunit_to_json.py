"""Reads a subunit v2 stream (stestr's last run) on stdin and prints one JSON
object a line per test: id, status (success, fail, skip, xfail, uxsuccess),
start and stop times, and the traceback or skip reason. Run with Debian's
/usr/bin/python3, which has python3-subunit and python3-testtools (Tempest's
dependencies)."""
import json
import sys

import subunit
import testtools


def emit(test):
    details = test['details']
    record = {'id': test['id'], 'status': test['status']}
    start, stop = test['timestamps']
    if start is not None and stop is not None:
        record['seconds'] = round((stop - start).total_seconds(), 3)
    for name in ('traceback', 'reason'):
        if name in details:
            record[name] = details[name].as_text()
    sys.stdout.write(json.dumps(record) + '\n')


def main():
    stream = subunit.ByteStreamToStreamResult(sys.stdin.buffer, non_subunit_name='stdout')
    result = testtools.StreamToDict(emit)
    result.startTestRun()
    try:
        stream.run(result)
    finally:
        result.stopTestRun()


if __name__ == '__main__':
    main()
