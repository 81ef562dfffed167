/** A choice offered by a question. */
export interface Choice<T> {
  /** What the person reads. */
  name: string
  /** What the flow gets. */
  value: T
  /** A second line of explanation, when the prompt library can show one. */
  description?: string
}

/** What every question says besides its text: the flag (or config field) that answers it up front. */
export interface QuestionBase {
  /** The question, in the flow's language. */
  message: string
  /** The flag and config field that answer it without a prompt, e.g. `--me <id or name> (config: "me")`. */
  flag: string
}

/**
 * The flow's only way to ask the person something. Implemented by the terminal prompts
 * (src/migrate/prompts.ts) and by NonInteractiveAsker (every question is an error naming its
 * flag), and by scripted answers in tests.
 */
export interface Asker {
  /** One of several choices. */
  select<T>(question: QuestionBase & {choices: Choice<T>[]; default?: T}): Promise<T>
  /** Several of several choices. */
  checkbox<T>(question: QuestionBase & {choices: Choice<T>[]}): Promise<T[]>
  /** Free text; `validate` returns an error sentence or true. */
  input(question: QuestionBase & {default?: string; validate?: (value: string) => string | true}): Promise<string>
  /** Yes or no. */
  confirm(question: QuestionBase & {default: boolean}): Promise<boolean>
  /** A secret, typed without being shown. */
  password(question: QuestionBase): Promise<string>
}
