/**
 * The words of the invitation kit, in French and English. Written for people who never
 * installed an XMPP app: short sentences, no jargon beyond the app names.
 */
import type {KitLanguage} from './types.js'

/** The sentences of one language; functions take plain text (the renderer escapes). */
export interface KitTexts {
  /** `<html lang>`. */
  lang: KitLanguage
  title: (name: string) => string
  greeting: (name: string) => string
  invitedBy: (inviter: string) => string
  groupsIntro: string
  noGroups: string
  stepsTitle: string
  step1Title: string
  step1Android: string
  step1Iphone: string
  step1Computer: string
  step2Title: string
  step2Body: string
  step2NoAccount: (inviter: string) => string
  step3Title: string
  step3Body: string
  linkLabel: string
  thenAddLabel: (inviter: string) => string
  roomLinksLabel: string
  webLabel: string
  failTitle: string
  failBody: (inviter: string) => string[]
  expires: (date: string) => string
  noExpiry: string
  message: (name: string, inviter: string, groups: string[], link: string, expires: string | null, thenAdd: string | null) => string
  indexTitle: string
  columns: {name: string; status: string; link: string; expires: string; page: string}
  status: {'has-account': string; invited: string; 'no-jid': string}
  formatDate: (iso: string) => string
}

function date(iso: string, locale: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  // UTC with the zone named: the kit may be read in another time zone than it was made in.
  return `${new Intl.DateTimeFormat(locale, {dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC'}).format(d)} UTC`
}

const FR: KitTexts = {
  lang: 'fr',
  title: (name) => `Invitation pour ${name}`,
  greeting: (name) => `Bonjour ${name},`,
  invitedBy: (inviter) => `${inviter} vous invite sur XMPP, une messagerie libre qui remplace WhatsApp et Signal.`,
  groupsIntro: 'Vous retrouverez ces groupes :',
  noGroups: 'Vous pourrez vous écrire directement.',
  stepsTitle: 'Trois étapes',
  step1Title: '1. Installez une application',
  step1Android: 'Android : Conversations, depuis F-Droid (gratuit).',
  step1Iphone: 'iPhone : Monal, depuis l’App Store (gratuit).',
  step1Computer: 'Ordinateur : Gajim ou Dino.',
  step2Title: '2. Scannez le code ou ouvrez le lien',
  step2Body: 'Dans l’application, scannez ce code (ou ouvrez le lien sur le téléphone). Elle crée votre compte si besoin et ajoute votre contact.',
  step2NoAccount: (inviter) => `Créez d’abord votre compte dans l’application (elle le propose au premier lancement). Puis scannez ce code (ou ouvrez le lien sur le téléphone) : il ajoute ${inviter} à vos contacts.`,
  step3Title: '3. C’est fait',
  step3Body: 'Acceptez les invitations aux groupes qui arrivent. Vous pouvez quitter l’ancienne application quand tout le monde est là.',
  linkLabel: 'Lien pour l’application :',
  thenAddLabel: (inviter) => `Une fois le compte créé, ouvrez ce lien pour ajouter ${inviter} :`,
  roomLinksLabel: 'Si une invitation de groupe n’arrive pas, ouvrez son lien :',
  webLabel: 'Lien à ouvrir dans le navigateur :',
  failTitle: 'Si cela ne marche pas',
  failBody: (inviter) => [
    'Vérifiez que l’application est bien installée, puis rouvrez le lien.',
    'Si l’invitation a expiré ou a déjà servi, demandez-en une nouvelle.',
    `En cas de doute, appelez ${inviter} : on le fera ensemble.`,
  ],
  expires: (d) => `Cette invitation est valable jusqu’au ${d}.`,
  noExpiry: 'Ce lien n’expire pas.',
  message: (name, inviter, groups, link, expires, thenAdd) =>
    [
      `Bonjour ${name}, c’est ${inviter}.`,
      `Je quitte WhatsApp et Signal pour XMPP${groups.length > 0 ? ` (groupes : ${groups.join(', ')})` : ''}.`,
      'Installez Conversations (Android, F-Droid), Monal (iPhone) ou Gajim/Dino (ordinateur), puis ouvrez ce lien :',
      link,
      ...(expires ? [`Valable jusqu’au ${expires}.`] : []),
      ...(thenAdd ? ['Ensuite, pour m’ajouter :', thenAdd] : []),
    ].join('\n'),
  indexTitle: 'Invitations',
  columns: {name: 'Nom', status: 'État', link: 'Lien', expires: 'Expire', page: 'Page'},
  status: {'has-account': 'a un compte', invited: 'invité·e', 'no-jid': 'pas encore d’adresse'},
  formatDate: (iso) => date(iso, 'fr-FR'),
}

const EN: KitTexts = {
  lang: 'en',
  title: (name) => `Invitation for ${name}`,
  greeting: (name) => `Hello ${name},`,
  invitedBy: (inviter) => `${inviter} invites you to join them on XMPP, a free messaging network that replaces WhatsApp and Signal.`,
  groupsIntro: 'You will find these groups:',
  noGroups: 'You will be able to write to each other directly.',
  stepsTitle: 'Three steps',
  step1Title: '1. Install an app',
  step1Android: 'Android: Conversations, from F-Droid (free).',
  step1Iphone: 'iPhone: Monal, from the App Store (free).',
  step1Computer: 'Computer: Gajim or Dino.',
  step2Title: '2. Scan the code or open the link',
  step2Body: 'In the app, scan this code (or open the link on the phone). It creates your account if needed and adds your contact.',
  step2NoAccount: (inviter) => `First create your account in the app (it offers to on first start). Then scan this code (or open the link on the phone): it adds ${inviter} to your contacts.`,
  step3Title: '3. Done',
  step3Body: 'Accept the group invitations that arrive. You can leave the old app once everyone is there.',
  linkLabel: 'Link for the app:',
  thenAddLabel: (inviter) => `Once your account exists, open this link to add ${inviter}:`,
  roomLinksLabel: 'If a group invitation does not arrive, open its link:',
  webLabel: 'Link to open in a browser:',
  failTitle: 'If it does not work',
  failBody: (inviter) => [
    'Check that the app is installed, then open the link again.',
    'If the invitation expired or was already used, ask for a new one.',
    `When in doubt, call ${inviter}: you will do it together.`,
  ],
  expires: (d) => `This invitation is valid until ${d}.`,
  noExpiry: 'This link does not expire.',
  message: (name, inviter, groups, link, expires, thenAdd) =>
    [
      `Hello ${name}, it's ${inviter}.`,
      `I am leaving WhatsApp and Signal for XMPP${groups.length > 0 ? ` (groups: ${groups.join(', ')})` : ''}.`,
      'Install Conversations (Android, F-Droid), Monal (iPhone) or Gajim/Dino (computer), then open this link:',
      link,
      ...(expires ? [`Valid until ${expires}.`] : []),
      ...(thenAdd ? ['Then, to add me:', thenAdd] : []),
    ].join('\n'),
  indexTitle: 'Invitations',
  columns: {name: 'Name', status: 'Status', link: 'Link', expires: 'Expires', page: 'Page'},
  status: {'has-account': 'has an account', invited: 'invited', 'no-jid': 'no address yet'},
  formatDate: (iso) => date(iso, 'en-GB'),
}

/** The texts of `language`. */
export function kitTexts(language: KitLanguage): KitTexts {
  return language === 'fr' ? FR : EN
}

/** The language for one contact: theirs, else `--lang`, else the workspace's, else English. */
export function kitLanguage(contact: KitLanguage | null, flag: KitLanguage | undefined, workspace: KitLanguage | null): KitLanguage {
  return contact ?? flag ?? workspace ?? 'en'
}
