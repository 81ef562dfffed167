/**
 * Server facts that change what an invitation does (pure).
 */

/** A warning shown with the kit. */
export interface KitWarning {
  /** Stable code. */
  code: string
  /** What it means for the person, in a sentence or two. */
  message: string
}

/**
 * Prosody 0.12.3 and 0.12.4 (Debian 12 ships 0.12.3) do not approve the inviter's subscription
 * when a contact invitation (XEP-0379) is used, so the new account does not see the inviter
 * online until the inviter approves by hand; fixed in 0.12.5. `software` is the XEP-0092 answer
 * of the server (name, version), or null when it did not answer.
 */
export function prosodyInviteWarning(software: {name: string; version: string} | null): KitWarning | null {
  if (!software || !/prosody/i.test(software.name)) return null
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(software.version.trim())
  if (!m) return null
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (major === 0 && minor === 12 && (patch === 3 || patch === 4)) {
    return {
      code: 'INVITE_PROSODY_AUTO_APPROVAL',
      message: `The server runs Prosody ${software.version}, which does not approve contact invitations by itself (fixed in 0.12.5): after a contact signs up, you will get a contact request from them; accept it in your app so you see each other. Ask the administrator to upgrade Prosody to avoid this.`,
    }
  }
  return null
}
