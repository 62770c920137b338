import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Parses a byte stream of server-sent events into messages. */
export async function* readSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<EventSourceMessage> {
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    while (queue.length > 0) yield queue.shift()!;
  }
  parser.feed(decoder.decode());
  while (queue.length > 0) yield queue.shift()!;
}

/** Parses an event's JSON data, or reports a protocol failure. */
export function parseEventJson<T>(data: string): T {
  return JSON.parse(data) as T;
}
