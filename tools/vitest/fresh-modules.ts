import { vi } from 'vitest';

// The suite runs files without isolation (`isolate: false`): a worker process
// and the modules of node_modules serve file after file, which saves a fork
// and a cold import per file. The workspace's own modules are evaluated
// afresh for each file, as they would be in a process of its own, so that
// module state and module-level hooks (the test helpers' afterEach clean-ups)
// belong to the file that runs.
vi.resetModules();
