/** Reading Server-Sent Events from a route's response in tests. */

export type Frame = { event: string; id?: string; data: unknown };

/** An SSE client over a response body: `next(until)` reads frames until `until` says stop or time runs out. */
export function sse(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  return {
    /** true once the server ended the stream */
    get ended() {
      return ended;
    },
    async next(until: (frames: Frame[]) => boolean, ms = 5000): Promise<Frame[]> {
      const frames: Frame[] = [];
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && !until(frames)) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
        if (!chunk) break;
        if (chunk.done) {
          ended = true;
          break;
        }
        buffer += decoder.decode(chunk.value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const f: Partial<Frame> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) f.event = line.slice(7);
            else if (line.startsWith('id: ')) f.id = line.slice(4);
            else if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6));
          }
          if (f.event) frames.push(f as Frame);
        }
      }
      return frames;
    },
  };
}
