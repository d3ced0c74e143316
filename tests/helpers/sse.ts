// Reads a Server-Sent Events stream as the browser would: named events with their JSON data,
// comment lines (heartbeats) and when each arrived; and each write (chunk) as it came.
export type SseMessage = { event: string; data: unknown; at: number } | { comment: string; at: number };

export class SseReader {
  readonly messages: SseMessage[] = [];
  readonly chunks: { bytes: Uint8Array; at: number }[] = [];
  done = false;
  private waiters = new Set<() => void>();
  private readonly reading: Promise<void>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reading = this.read(stream.getReader());
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.chunks.push({ bytes: value, at: Date.now() });
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } finally {
      this.done = true;
      this.notify();
    }
  }

  private parse(block: string) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) this.messages.push({ comment: line.slice(1).trim(), at: Date.now() });
      else if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (data.length > 0) this.messages.push({ event, data: JSON.parse(data.join("\n")), at: Date.now() });
    this.notify();
  }

  private notify() {
    for (const w of this.waiters) w();
  }

  events<T>(name: string, where: (data: T) => boolean = () => true): { data: T; at: number }[] {
    return this.messages
      .filter(
        (m): m is { event: string; data: T; at: number } => "event" in m && m.event === name && where(m.data as T),
      )
      .map((m) => ({ data: m.data, at: m.at }));
  }

  /** Resolves once `check` holds (checked on every message and every 50 ms), or rejects after `timeoutMs`. */
  until(check: () => boolean, timeoutMs: number, what = "condition"): Promise<void> {
    return new Promise((resolve, reject) => {
      const test = () => {
        if (check()) {
          cleanup();
          resolve();
        } else if (this.done) {
          cleanup();
          reject(new Error(`stream ended before ${what}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      // Conditions on more than the stream's messages are polled too.
      const poll = setInterval(test, 50);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(test);
      };
      this.waiters.add(test);
      test();
    });
  }

  async finished() {
    await this.reading;
  }
}
