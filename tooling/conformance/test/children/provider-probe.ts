// Run in a child process (tsx) with a chosen environment: asks for one provider and prints what
// losskit answered as one JSON line, so a test can check the error a user would see.
import { l1 } from '@losskit/loss-l1';
import { createLossSession } from '@losskit/runtime';

const provider = process.argv[2] as 'webgpu' | 'cuda';
try {
  const session = await createLossSession(l1(), { provider });
  await session.release();
  console.log(JSON.stringify({ ok: true, provider: session.provider }));
} catch (error) {
  const e = error as Error & { code?: string };
  console.log(JSON.stringify({ ok: false, name: e.name, code: e.code, message: e.message }));
}
