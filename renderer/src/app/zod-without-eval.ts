import { z } from 'zod';

// The app's CSP has no 'unsafe-eval'. Zod 4 compiles fast parsers with `new Function` and probes for it with
// `Function('')` on first use; under the CSP that probe is refused and reported as a violation. Jitless parsing
// needs no eval: case files are small, so the interpreter's speed is plenty.
// Ref: zod v4 core `GlobalConfig.jitless` ("use jitless parsing, e.g. in environments with CSP").
z.config({ jitless: true });
