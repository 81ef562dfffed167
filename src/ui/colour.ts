/**
 * Whether to write colour codes to a stream: only to a terminal, and never when `NO_COLOR` is
 * set to anything but the empty string (https://no-color.org). `account qr | cat` then gets
 * plain characters, not escape codes in its pipe (issue 16). `FORCE_COLOR` (a non-empty value
 * other than 0 or false), as Node and oclif read it, forces colour even in a pipe.
 */
export function colourWanted(stream: {isTTY?: boolean} = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true
  return stream.isTTY === true
}
