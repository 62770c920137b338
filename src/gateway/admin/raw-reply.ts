/**
 * A non-JSON admin response (a CSV export, a report file). `admin-api.ts` sends it as given, with
 * its content type and extra headers, instead of serialising the handler's result as JSON.
 */
export class RawReply {
  constructor(
    readonly contentType: string,
    readonly body: string | Buffer,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}
