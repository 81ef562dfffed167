/**
 * Warnings shown with the kit (pure data).
 *
 * (Prosody 0.12.3–0.12.4 fail on a subscription request carrying their own contact token without
 * `ibr=y` — `mod_invites.lua:194` — so the kit never hands such a token out: links that add the
 * organizer carry a token of the tool's own, see link-choice.ts.)
 */

/** A warning shown with the kit. */
export interface KitWarning {
  /** Stable code. */
  code: string
  /** What it means for the person, in a sentence or two. */
  message: string
}
