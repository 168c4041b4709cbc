// Bootstrap of a handler thread (lib/local/handler-threads.ts): TypeScript loading first, then the
// thread's own code. Plain JavaScript because nothing can load TypeScript before this line runs.
import { register } from 'tsx/esm/api';

register();
await import('./handler-thread-main.ts');
