import { z } from 'zod';
import { createGgufModel } from './src/reason/llm/providers/gguf.js';
const schema = z.object({ tactic: z.enum(['execution', 'persistence', 'impact']), confidence: z.number().min(0).max(1), note: z.string().max(40) });
const m = createGgufModel({ modelPath: '/work/shared/models/stories260K.gguf' });
for (let i = 0; i < 3; i++) {
const t = performance.now();
const r = await m.doGenerate({ system: 'Answer in JSON.', prompt: 'Once upon a time', responseFormat: { name: 's', schema: z.toJSONSchema(schema) as any }, maxOutputTokens: 60, onTextDelta: (x) => process.stdout.write(`[${(performance.now()-t).toFixed(0)}]`) });
console.log('\n', performance.now() - t, r);
}
await m.close?.();
