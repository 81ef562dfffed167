/**
 * The words of the invitation kit, in French and English. Written for people who never
 * installed an XMPP app: short sentences, no jargon beyond the app names.
 */
import type {KitLanguage, WayIn} from './types.js'

/** What the words of step 2 need: who invites, where the account is made, the name to type. */
export interface WayInWords {
  inviter: string
  server: string | null
  username: string | null
  registrationUrl: string | null
}

/** Where to get the apps (the stores people know). */
export const APP_STORES = {
  conversationsFdroid: 'https://f-droid.org/packages/eu.siacs.conversations/',
  conversationsPlay: 'https://play.google.com/store/apps/details?id=eu.siacs.conversations',
  monal: 'https://apps.apple.com/app/id317711500',
} as const

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
  /** Step 2 for each way in: what exactly happens for this person. */
  way: (way: WayIn, words: WayInWords) => string
  /** The big button of step 2 (it opens the app on the phone reading the page). */
  openButton: string
  /** Under the QR code: it is for another screen or paper. */
  qrHint: string
  /** Where to get the app, per platform. */
  storeLabels: {fdroid: string; play: string; appStore: string}
  /** Public providers (account-elsewhere): the heading. */
  providersTitle: string
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
  message: (name: string, inviter: string, groups: string[], link: string, expires: string | null, thenAdd: string | null, way: string) => string
  indexTitle: string
  columns: {name: string; status: string; link: string; expires: string; page: string}
  /** A short line per way in, for the index and the console. */
  wayShort: Record<WayIn, string>
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
  step2Title: '2. Ouvrez l’invitation dans l’application',
  way: (way, w) => {
    const name = w.username ? ` Comme nom, tapez : ${w.username}` : ''
    switch (way) {
      case 'has-account':
        return `Ouvrez l’invitation dans votre application (ou scannez le code) : elle ajoute ${w.inviter} à vos contacts. Vos groupes apparaissent ensuite d’eux-mêmes.`
      case 'link-creates-account':
        return `Ouvrez l’invitation dans l’application (ou scannez le code) : elle crée votre compte sur ${w.server ?? ''}.${name ? `${name}.` : ''} ${w.inviter} et vos groupes apparaissent ensuite d’eux-mêmes.`
      case 'register-in-app':
        return `Dans l’application, créez votre compte sur le serveur ${w.server ?? ''}.${name ? `${name}.` : ''} Puis ouvrez l’invitation (ou scannez le code) : elle ajoute ${w.inviter}, qui vous fait entrer dans vos groupes.`
      case 'register-on-web':
        return `Créez votre compte sur la page ${w.registrationUrl ?? ''}${name ? ` (${name.trim().toLowerCase()})` : ''}, puis ajoutez-le dans l’application. Ouvrez ensuite l’invitation (ou scannez le code) : elle ajoute ${w.inviter}, qui vous fait entrer dans vos groupes.`
      case 'account-elsewhere':
        return `Le serveur de ${w.inviter} ne permet pas de créer un compte soi-même. Dans l’application, créez un compte gratuit chez un fournisseur public (par exemple l’un de ceux ci-dessous). Puis ouvrez l’invitation (ou scannez le code) : elle ajoute ${w.inviter}, qui vous fait entrer dans vos groupes.`
    }
  },
  openButton: 'Ouvrir l’invitation dans l’application',
  qrHint: 'Depuis un autre écran ou sur papier : scannez ce code avec l’application.',
  storeLabels: {fdroid: 'Conversations sur F-Droid (Android, gratuit)', play: 'Conversations sur Google Play (Android)', appStore: 'Monal sur l’App Store (iPhone, gratuit)'},
  providersTitle: 'Des fournisseurs publics où créer un compte',
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
  message: (name, inviter, groups, link, expires, thenAdd, way) =>
    [
      `Bonjour ${name}, c’est ${inviter}.`,
      `Je quitte WhatsApp et Signal pour XMPP${groups.length > 0 ? ` (groupes : ${groups.join(', ')})` : ''}.`,
      'Installez Conversations (Android, F-Droid), Monal (iPhone) ou Gajim/Dino (ordinateur).',
      way,
      link,
      ...(expires ? [`Valable jusqu’au ${expires}.`] : []),
      ...(thenAdd ? ['Ensuite, pour m’ajouter :', thenAdd] : []),
    ].join('\n'),
  indexTitle: 'Invitations',
  columns: {name: 'Nom', status: 'État', link: 'Lien', expires: 'Expire', page: 'Page'},
  wayShort: {
    'has-account': 'a déjà un compte : ajouté·e aux contacts et aux salons',
    'link-creates-account': 'le lien crée son compte ici',
    'register-in-app': 'crée son compte dans l’application, puis ouvre le lien',
    'register-on-web': 'crée son compte sur la page web du serveur, puis ouvre le lien',
    'account-elsewhere': 'doit créer un compte chez un fournisseur public, puis ouvrir le lien',
  },
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
  step2Title: '2. Open the invitation in the app',
  way: (way, w) => {
    const name = w.username ? ` As the name, type: ${w.username}` : ''
    switch (way) {
      case 'has-account':
        return `Open the invitation in your app (or scan the code): it adds ${w.inviter} to your contacts. Your groups then appear by themselves.`
      case 'link-creates-account':
        return `Open the invitation in the app (or scan the code): it creates your account on ${w.server ?? ''}.${name ? `${name}.` : ''} ${w.inviter} and your groups then appear by themselves.`
      case 'register-in-app':
        return `In the app, create your account on the server ${w.server ?? ''}.${name ? `${name}.` : ''} Then open the invitation (or scan the code): it adds ${w.inviter}, who brings you into your groups.`
      case 'register-on-web':
        return `Create your account on the page ${w.registrationUrl ?? ''}${name ? ` (${name.trim().toLowerCase()})` : ''}, then add it to the app. Then open the invitation (or scan the code): it adds ${w.inviter}, who brings you into your groups.`
      case 'account-elsewhere':
        return `${w.inviter}'s server does not let people create an account by themselves. In the app, create a free account with a public provider (for example one of those below). Then open the invitation (or scan the code): it adds ${w.inviter}, who brings you into your groups.`
    }
  },
  openButton: 'Open the invitation in the app',
  qrHint: 'From another screen or on paper: scan this code with the app.',
  storeLabels: {fdroid: 'Conversations on F-Droid (Android, free)', play: 'Conversations on Google Play (Android)', appStore: 'Monal on the App Store (iPhone, free)'},
  providersTitle: 'Public providers where you can create an account',
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
  message: (name, inviter, groups, link, expires, thenAdd, way) =>
    [
      `Hello ${name}, it's ${inviter}.`,
      `I am leaving WhatsApp and Signal for XMPP${groups.length > 0 ? ` (groups: ${groups.join(', ')})` : ''}.`,
      'Install Conversations (Android, F-Droid), Monal (iPhone) or Gajim/Dino (computer).',
      way,
      link,
      ...(expires ? [`Valid until ${expires}.`] : []),
      ...(thenAdd ? ['Then, to add me:', thenAdd] : []),
    ].join('\n'),
  indexTitle: 'Invitations',
  columns: {name: 'Name', status: 'Status', link: 'Link', expires: 'Expires', page: 'Page'},
  wayShort: {
    'has-account': 'has an account: added to contacts and rooms',
    'link-creates-account': 'the link creates their account here',
    'register-in-app': 'creates their account in the app, then opens the link',
    'register-on-web': "creates their account on the server's web page, then opens the link",
    'account-elsewhere': 'must create an account with a public provider, then open the link',
  },
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
