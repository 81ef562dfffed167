/**
 * Splits a byte stream into lines (LF or CRLF), decoding UTF-8 across chunk boundaries. Yields
 * each line with its 1-based number; the last line may lack a line break.
 */
export async function* readLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<{text: string; line: number}> {
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  let line = 0
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, {stream: true})
    let newline = pending.indexOf('\n')
    let start = 0
    while (newline !== -1) {
      line++
      const end = newline > start && pending.charCodeAt(newline - 1) === 13 ? newline - 1 : newline
      yield {text: pending.slice(start, end), line}
      start = newline + 1
      newline = pending.indexOf('\n', start)
    }
    pending = pending.slice(start)
  }
  pending += decoder.decode()
  if (pending !== '') yield {text: pending.replace(/\r$/, ''), line: line + 1}
}
