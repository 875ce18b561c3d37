// Worker-thread bootstrap: workers do not inherit the parent's TypeScript loader, so register tsx here
// (as bin/tunechat.js does) and then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./load-worker.ts');
