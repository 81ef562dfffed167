import cliProgress from 'cli-progress'

/**
 * A progress bar on stderr for long steps. It draws only when stderr is a terminal and the
 * command is not in `--json` mode, so scripts and logs get clean output.
 */
export class Progress {
  private readonly bar: cliProgress.SingleBar | null
  private started = false

  constructor(label: string, options: {enabled: boolean; unit?: string}) {
    this.bar =
      options.enabled && process.stderr.isTTY
        ? new cliProgress.SingleBar(
            {
              format: `${label} [{bar}] {percentage}% | {value}/{total} ${options.unit ?? ''} | {duration_formatted}`,
              stream: process.stderr,
              hideCursor: true,
              clearOnComplete: false,
              etaBuffer: 50,
              fps: 5,
            },
            cliProgress.Presets.shades_classic,
          )
        : null
  }

  /** Sets the current value (and the total once known). */
  update(value: number, total?: number): void {
    if (!this.bar) return
    if (!this.started) {
      this.bar.start(total ?? value, value)
      this.started = true
      return
    }
    if (total !== undefined) this.bar.setTotal(total)
    this.bar.update(value)
  }

  /** Ends the bar (keeps the last line on screen). */
  stop(): void {
    if (this.bar && this.started) this.bar.stop()
    this.started = false
  }
}
