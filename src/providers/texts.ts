/**
 * The words about providers, in French and English: for the organizer in the terminal (`providers`,
 * the guided flow) and for the person invited (kit page and message). Written for people who never
 * heard of XMPP servers: short sentences, no jargon, "vous" as in the invitation kit.
 */

/** A language these texts are written in. */
export type ProviderTextLanguage = 'fr' | 'en'

/** The sentences of one language; functions take plain text (the HTML renderer escapes). */
export interface ProviderTexts {
  /** `lang` attribute. */
  lang: ProviderTextLanguage
  // Facts about one provider (terminal and kit).
  category: (c: string) => string
  free: string
  notFree: string
  inApp: string
  inAppCaptcha: string
  inAppEmail: string
  webPage: string
  noRegistration: string
  historyDays: (days: number) => string
  historyUnlimited: string
  historyUnderADay: string
  fileSize: (mb: number) => string
  fileSizeUnlimited: string
  countries: (codes: string[]) => string
  since: (year: string) => string
  runBy: (organization: string) => string
  none: string
  /** The heading of `providers`: how many, from which list. */
  listHeading: (count: number, origin: string) => string
  // The kit: "create an account on one of these providers, then open this link".
  kitTitle: string
  kitIntro: string
  kitInApp: (domain: string) => string
  kitCaptcha: string
  kitEmail: string
  kitWebPage: string
  kitWebPageThen: string
  /** A provider whose registration page cannot be linked (not an http(s) address). */
  kitWebSiteOf: (domain: string) => string
  kitHistory: (fact: string) => string
  kitThen: string
  kitOtherServer: string
  // After a live check of a server (the guided flow's account step).
  checkInApp: (domain: string) => string
  checkMayNeedInvitation: (domain: string) => string
  checkWebOnly: (domain: string) => string
  checkThenLogin: string
  checkInviteOnly: (domain: string) => string
  checkClosed: (domain: string) => string
  checkChooseAnother: string
  serverSays: (text: string) => string
  /** A provider's name before what to do, on the kit page. */
  kitLabel: (domain: string) => string
  /** One provider's line in the message. */
  kitLine: (domain: string, sentence: string) => string
}

const ORGANIZATIONS_FR: Record<string, string> = {
  'private person': 'une personne',
  'non-governmental': 'une association',
  company: 'une entreprise',
  'commercial person': 'une entreprise individuelle',
  governmental: 'un service public',
}

const ORGANIZATIONS_EN: Record<string, string> = {
  'private person': 'a private person',
  'non-governmental': 'a non-profit organization',
  company: 'a company',
  'commercial person': 'a sole trader',
  governmental: 'a public body',
}

function megabytes(mb: number, locale: string, unit: string): string {
  if (mb >= 1000) return `${new Intl.NumberFormat(locale, {maximumFractionDigits: 1}).format(mb / 1000)} G${unit}`
  return `${new Intl.NumberFormat(locale).format(mb)} M${unit}`
}

const FR: ProviderTexts = {
  lang: 'fr',
  category: (c) => `catégorie ${c}`,
  free: 'gratuit',
  notFree: 'payant',
  inApp: 'compte créé dans l’application',
  inAppCaptcha: 'compte créé dans l’application (avec un code à recopier)',
  inAppEmail: 'compte créé dans l’application (avec une adresse e-mail)',
  webPage: 'compte créé sur son site',
  noRegistration: 'pas d’inscription ouverte',
  historyDays: (days) => (days >= 365 && days % 365 === 0 ? `historique gardé ${days / 365} an${days > 365 ? 's' : ''}` : `historique gardé ${days} jour${days > 1 ? 's' : ''}`),
  historyUnlimited: 'historique gardé sans limite',
  historyUnderADay: 'historique gardé moins d’un jour',
  fileSize: (mb) => `fichiers jusqu’à ${megabytes(mb, 'fr-FR', 'o')}`,
  fileSizeUnlimited: 'fichiers sans limite de taille',
  countries: (codes) => `serveurs : ${codes.join(', ')}`,
  since: (year) => `depuis ${year}`,
  runBy: (organization) => `géré par ${ORGANIZATIONS_FR[organization] ?? organization}`,
  none: 'Aucun fournisseur ne correspond.',
  listHeading: (count, origin) => (count > 1 ? `${count} fournisseurs (${origin}), les plus adaptés d’abord :` : `${count} fournisseur (${origin}) :`),
  kitTitle: 'Créez d’abord votre compte',
  kitIntro: 'Choisissez l’un de ces fournisseurs gratuits pour créer votre compte XMPP :',
  kitInApp: (domain) => `Dans l’application, choisissez « Créer un compte » et indiquez le serveur ${domain}.`,
  kitCaptcha: 'L’application vous montrera un code à recopier.',
  kitEmail: 'Une adresse e-mail vous sera demandée.',
  kitWebPage: 'Créez le compte sur son site :',
  kitWebPageThen: 'puis connectez-vous dans l’application avec l’adresse et le mot de passe choisis.',
  kitWebSiteOf: (domain) => `Le compte se crée sur le site de ${domain}.`,
  kitHistory: (fact) => `Bon à savoir : ${fact}.`,
  kitThen: 'Une fois le compte créé, ouvrez ce lien dans l’application :',
  kitOtherServer: 'Vous avez déjà un compte XMPP ailleurs ? Il convient aussi : ouvrez simplement le lien.',
  kitLabel: (domain) => `${domain} :`,
  kitLine: (domain, sentence) => `- ${domain} : ${sentence}`,
  checkInApp: (domain) => `${domain} permet de créer le compte ici même.`,
  checkMayNeedInvitation: (domain) => `${domain} accepte aussi les invitations : s’il refuse de créer le compte sans invitation, demandez un lien d’invitation à ses responsables.`,
  checkWebOnly: (domain) => `${domain} crée les comptes sur son site, pas dans l’application. Créez-y votre compte :`,
  checkThenLogin: 'Revenez ensuite ici et connectez-vous avec l’adresse et le mot de passe choisis.',
  checkInviteOnly: (domain) => `${domain} ne crée de compte qu’avec une invitation de ses responsables.`,
  checkClosed: (domain) => `${domain} ne crée pas de nouveaux comptes.`,
  checkChooseAnother: 'Choisissez un autre serveur, ou utilisez un lien d’invitation si vous en avez un.',
  serverSays: (text) => `Le serveur dit : « ${text} »`,
}

const EN: ProviderTexts = {
  lang: 'en',
  category: (c) => `category ${c}`,
  free: 'free',
  notFree: 'paid',
  inApp: 'account created in the app',
  inAppCaptcha: 'account created in the app (with a picture code to copy)',
  inAppEmail: 'account created in the app (with an e-mail address)',
  webPage: 'account created on its web site',
  noRegistration: 'no open registration',
  historyDays: (days) => (days >= 365 && days % 365 === 0 ? `history kept ${days / 365} year${days > 365 ? 's' : ''}` : `history kept ${days} day${days > 1 ? 's' : ''}`),
  historyUnlimited: 'history kept with no limit',
  historyUnderADay: 'history kept less than a day',
  fileSize: (mb) => `files up to ${megabytes(mb, 'en-GB', 'B')}`,
  fileSizeUnlimited: 'files of any size',
  countries: (codes) => `servers in ${codes.join(', ')}`,
  since: (year) => `since ${year}`,
  runBy: (organization) => `run by ${ORGANIZATIONS_EN[organization] ?? organization}`,
  none: 'No provider matches.',
  listHeading: (count, origin) => (count === 1 ? `1 provider (${origin}):` : `${count} providers (${origin}), best first:`),
  kitTitle: 'First, create your account',
  kitIntro: 'Choose one of these free providers to create your XMPP account:',
  kitInApp: (domain) => `In the app, choose "Create account" and enter the server ${domain}.`,
  kitCaptcha: 'The app will show you a picture code to copy.',
  kitEmail: 'You will be asked for an e-mail address.',
  kitWebPage: 'Create the account on its web site:',
  kitWebPageThen: 'then log in from the app with the address and password you chose.',
  kitWebSiteOf: (domain) => `The account is created on the web site of ${domain}.`,
  kitHistory: (fact) => `Good to know: ${fact}.`,
  kitThen: 'Once your account exists, open this link in the app:',
  kitOtherServer: 'Already have an XMPP account somewhere else? It works too: just open the link.',
  kitLabel: (domain) => `${domain}:`,
  kitLine: (domain, sentence) => `- ${domain}: ${sentence}`,
  checkInApp: (domain) => `${domain} lets you create the account right here.`,
  checkMayNeedInvitation: (domain) => `${domain} also takes invitations: if it refuses to create the account without one, ask its administrators for an invitation link.`,
  checkWebOnly: (domain) => `${domain} creates accounts on its web site, not from an app. Create your account there:`,
  checkThenLogin: 'Then come back here and log in with the address and password you chose.',
  checkInviteOnly: (domain) => `${domain} creates accounts only with an invitation from its administrators.`,
  checkClosed: (domain) => `${domain} does not create new accounts.`,
  checkChooseAnother: 'Choose another server, or use an invitation link if you have one.',
  serverSays: (text) => `The server says: "${text}"`,
}

/** The texts of `lang` (French for `fr`, English otherwise). */
export function providerTexts(lang: string): ProviderTexts {
  return lang.toLowerCase() === 'fr' ? FR : EN
}
