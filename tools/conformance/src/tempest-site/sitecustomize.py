"""Loaded by every Python process of a Tempest run (the harness puts this
folder first in PYTHONPATH; Debian ships no sitecustomize of its own).

Debian's Tempest (add-delay-in-subnet-teardown.patch) sleeps 10 s in
SubnetsClient.delete_subnet, for clouds whose ports go away after their
subnet's delete is asked. A net-server port is gone once its DELETE
answers, and the sleep was most of a run's time (a class's teardown
deletes its subnets one by one): this gives delete_subnet back upstream
Tempest's body, without the sleep, when the module is imported.
"""

import importlib.abc
import sys

_MODULE = 'tempest.lib.services.network.subnets_client'


def _delete_subnet(self, subnet_id):
    uri = '/subnets/%s' % subnet_id
    return self.delete_resource(uri)


class _Loader(importlib.abc.Loader):
    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        module.SubnetsClient.delete_subnet = _delete_subnet


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != _MODULE:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                spec.loader = _Loader(spec.loader)
                return spec
        return None


sys.meta_path.insert(0, _Finder())
