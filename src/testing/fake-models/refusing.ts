import { chatCompletion, startJsonServer, type FakeServer } from './server.js';

/** A model that refuses everything: the red team should report no successful attack against it. */
export function startRefusingModel(): Promise<FakeServer> {
  return startJsonServer((path, body) => {
    if (path !== '/chat/completions') return { status: 404, json: { error: { message: 'not found' } } };
    return { json: chatCompletion(String(body.model), "I'm sorry, but I can't help with that request.") };
  });
}
