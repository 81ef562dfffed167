import type {MigrateLanguage} from './language.js'

/** Every sentence the guided flow writes, in one language. Names, addresses and paths are inserted as is. */
export interface MigrateMessages {
  step: (n: number, total: number, title: string) => string
  titles: {import: string; me: string; account: string; contacts: string; rooms: string; invitations: string; arrivals: string; history: string; summary: string}
  arrivalsWould: (n: number) => string
  arrivalsNone: string
  arrivalsSeated: (name: string, jid: string, rooms: number) => string
  arrivalsUnidentified: (jid: string, command: string) => string
  arrivalsWaiting: (names: string) => string
  arrivalsWaitingHint: string
  arrivalsComplete: string
  arrivalsSummary: (seated: number, waiting: number, unidentified: number) => string
  whoIs: (jid: string, nick: string | null) => string
  arrivalsAlready: (n: number) => string
  arrivalsWatching: string
  arrivalsReconnect: (seconds: number) => string
  someoneElse: string
  kitWay: (name: string, way: string, message: string) => string
  dryRunBanner: string
  alreadyDone: string
  imported: (exports: number, chats: number, messagesNew: number, messagesKnown: number) => string
  importedBefore: (exports: number, chats: number) => string
  noExports: string
  chatLine: (id: number, title: string, kind: string, messages: number) => string
  meIs: (name: string, how: string) => string
  askMe: string
  meHow: {set: string; sure: string; answered: string}
  accountStored: (jid: string) => string
  accountWould: (action: 'create' | 'login', jid: string) => string
  accountDone: (action: 'create' | 'login', jid: string) => string
  askAccountAction: string
  accountLogin: string
  accountCreate: string
  askJid: string
  serverAdvice: string
  providersIntro: string
  askServer: string
  otherServer: string
  askServerName: string
  askUsername: (domain: string) => string
  serverCannot: (domain: string) => string
  passwordGenerated: (file: string) => string
  askQr: string
  qrWarning: string
  qrHint: string
  contactsCount: (withJid: number, without: number, invite: number) => string
  contactWith: (name: string, jid: string) => string
  contactWithout: (name: string, what: string) => string
  contactWhat: {invite: string; skip: string; undecided: string; jid: (jid: string) => string}
  askContactsHow: (n: number) => string
  contactsOneByOne: string
  contactsCsv: string
  contactsInviteAll: string
  contactsSkipAll: string
  csvWritten: (file: string) => string
  csvAskDone: string
  askContact: (name: string, chats: string) => string
  contactGiveJid: string
  contactInvite: string
  contactSkip: string
  askContactJid: (name: string) => string
  badJid: string
  roomsPlanned: (n: number, service: string) => string
  roomLine: (action: string, address: string, name: string, isPublic: boolean) => string
  roomMembers: (list: string) => string
  roomPending: (list: string) => string
  noGroups: string
  askPublic: string
  askCreateRooms: string
  roomsNotConfirmed: string
  roomsResult: (created: number, updated: number, unchanged: number, failed: number) => string
  roomFailed: (address: string, message: string) => string
  addressesAssumed: string
  invitationsWho: (list: string) => string
  invitationsNone: string
  kitWould: (dir: string, n: number) => string
  kitWritten: (dir: string) => string
  kitRefresh: string
  historyAsk: string
  historyShare: string
  historySharePlan: (documents: number, megabytes: string, days: number | null) => string
  historyShared: (title: string, to: string, documents: number, already: boolean) => string
  historyBlocked: (title: string, message: string) => string
  historyShareFailed: (title: string, message: string) => string
  historyHtml: string
  historyNone: string
  historyAskDir: string
  historyWould: (dir: string) => string
  historyWritten: (dir: string, open: string) => string
  historySkipped: string
  missing: string
  nextStep: (step: string) => string
  placeholderService: string
  summaryLine: (label: string, value: string) => string
  labels: {sources: string; contacts: string; rooms: string; invitations: string; history: string; account: string; none: string}
}

const fr: MigrateMessages = {
  step: (n, total, title) => `\n== Étape ${n}/${total} : ${title} ==`,
  titles: {import: 'importer les exports', me: 'qui êtes-vous ?', account: 'votre compte XMPP', contacts: 'vos contacts', rooms: 'les salons', invitations: 'les invitations', arrivals: 'les arrivées', history: "l'historique", summary: 'résumé'},
  arrivalsWould: (n) => `${n} personne${n > 1 ? 's' : ''} à accueillir : dès qu'elles auront utilisé leur lien, une nouvelle exécution (ou « xmpp-migrate arrivals --watch ») les fera entrer dans leurs salons.`,
  arrivalsNone: "Personne à attendre : personne n'est à inviter.",
  arrivalsSeated: (name, jid, rooms) => `✓ ${name} est arrivé·e (${jid})${rooms > 0 ? ` : membre de ${rooms} salon${rooms > 1 ? 's' : ''}` : ''}, contacts approuvés des deux côtés.`,
  arrivalsUnidentified: (jid, command) => `? ${jid} est arrivé·e, sans qu'on sache qui c'est. Dites-le : ${command}`,
  arrivalsWaiting: (names) => `Pas encore arrivé·es : ${names}.`,
  arrivalsWaitingHint: "Envoyez-leur leur message (voir ci-dessus), puis relancez « xmpp-migrate migrate », ou laissez tourner « xmpp-migrate arrivals --watch » : chacun·e entre dans ses salons dès son arrivée.",
  arrivalsComplete: 'Tout le monde est arrivé et installé dans ses salons.',
  arrivalsSummary: (seated, waiting, unidentified) => `${seated} arrivé·e${seated > 1 ? 's' : ''} et installé·e${seated > 1 ? 's' : ''}, ${waiting} en attente${unidentified > 0 ? `, ${unidentified} à identifier` : ''}`,
  whoIs: (jid, nick) => `Qui est ${jid}${nick ? ` (« ${nick} »)` : ''} ?`,
  someoneElse: "Quelqu'un d'autre (ne pas l'ajouter)",
  arrivalsAlready: (n) => `${n} personne${n > 1 ? 's' : ''} déjà installée${n > 1 ? 's' : ''}.`,
  arrivalsWatching: 'En attente des arrivées (Ctrl-C pour arrêter)…',
  arrivalsReconnect: (seconds) => `Connexion perdue ; nouvel essai dans ${seconds} s.`,
  kitWay: (name, way, message) => `  ${name} : ${way} — message : ${message}`,
  dryRunBanner: 'Simulation (--dry-run) : rien n\'est envoyé sur le réseau ; seul l\'import local est fait.',
  alreadyDone: '✓ déjà fait',
  imported: (e, c, n, k) => `✓ ${e} export(s) importé(s) : ${c} discussion(s), ${n} nouveau(x) message(s), ${k} déjà connu(s).`,
  importedBefore: (e, c) => `✓ déjà fait : ${e} export(s), ${c} discussion(s).`,
  noExports: 'Aucun export importé.',
  chatLine: (id, t, k, m) => `  #${id} ${t} [${k === 'group' ? 'groupe' : 'individuelle'}] — ${m} message(s)`,
  meIs: (name, how) => `Vous êtes : ${name} (${how}).`,
  askMe: 'Lequel de ces participants êtes-vous ?',
  meHow: {set: 'choisi', sure: 'détecté', answered: 'répondu'},
  accountStored: (jid) => `✓ déjà fait : compte ${jid}.`,
  accountWould: (a, jid) => (a === 'create' ? `Créerait le compte ${jid}.` : `Se connecterait au compte ${jid}.`),
  accountDone: (a, jid) => (a === 'create' ? `✓ compte créé : ${jid}.` : `✓ connecté : ${jid}.`),
  askAccountAction: 'Avez-vous déjà un compte XMPP ?',
  accountLogin: 'Oui, me connecter à mon compte',
  accountCreate: 'Non, en créer un',
  askJid: 'Votre adresse XMPP (nom@serveur) :',
  providersIntro: 'Des serveurs publics qui vous conviennent (gratuits, création du compte dans l’application) :',
  askServer: 'Sur quel serveur créer votre compte ?',
  otherServer: 'Un autre serveur (celui d’une association, le vôtre…)',
  askServerName: 'Nom du serveur (par exemple chat.example.org) :',
  askUsername: (domain) => `Votre nom sur ${domain} (la partie avant le @) :`,
  serverCannot: (domain) => `On ne peut pas créer de compte sur ${domain} depuis ici.`,
  serverAdvice: "Choisissez un serveur de confiance : par exemple celui d'une association de l'hébergement éthique (CHATONS, chatons.org), qui ne revend pas vos données.",
  passwordGenerated: (file) => `Mot de passe généré et rangé dans ${file} (lisible par vous seul) ; « xmpp-migrate account qr » l'ajoute à Conversations.`,
  askQr: 'Afficher le QR code pour ajouter ce compte à Conversations sur votre téléphone ?',
  qrWarning: 'Ce QR code contient votre mot de passe : ne le montrez qu\'à votre propre téléphone.',
  qrHint: 'Pour ajouter le compte à Conversations : xmpp-migrate account qr',
  contactsCount: (w, wo, i) => `${w} contact(s) avec adresse XMPP, ${wo} sans adresse, ${i} à inviter.`,
  contactWith: (name, jid) => `  ✓ ${name} — ${jid}`,
  contactWithout: (name, what) => `  · ${name} — ${what}`,
  contactWhat: {invite: 'recevra une invitation', skip: 'laissé de côté', undecided: 'sans réponse', jid: (jid) => `recevrait l'adresse ${jid}`},
  askContactsHow: (n) => `${n} contact(s) n'ont pas d'adresse XMPP. Comment voulez-vous procéder ?`,
  contactsOneByOne: 'Un par un, ici',
  contactsCsv: 'Avec un tableur (fichier CSV à remplir)',
  contactsInviteAll: 'Les inviter tous (ils recevront un lien)',
  contactsSkipAll: 'Les laisser de côté pour l\'instant',
  csvWritten: (file) => `Fichier écrit : ${file}. Remplissez la colonne jid (ou invite), enregistrez en CSV.`,
  csvAskDone: 'Fichier rempli et enregistré ?',
  askContact: (name, chats) => `${name} (${chats}) :`,
  contactGiveJid: 'Je connais son adresse XMPP',
  contactInvite: 'Lui envoyer une invitation',
  contactSkip: 'Passer',
  askContactJid: (name) => `Adresse XMPP de ${name} :`,
  badJid: 'Une adresse XMPP ressemble à nom@serveur.exemple',
  roomsPlanned: (n, s) => `${n} salon(s) sur ${s} :`,
  roomLine: (a, addr, name, p) => `  [${a === 'create' ? 'à créer' : a === 'update' ? 'à mettre à jour' : 'fait'}] ${addr} « ${name} »${p ? ' (public)' : ' (privé)'}`,
  roomMembers: (l) => `      membres : ${l}`,
  roomPending: (l) => `      sans adresse pour l'instant : ${l}`,
  noGroups: 'Aucune discussion de groupe : aucun salon à créer.',
  askPublic: 'Quels groupes doivent devenir des salons publics (visibles de tous) ? (aucun par défaut)',
  askCreateRooms: 'Créer ces salons maintenant ?',
  roomsNotConfirmed: 'Salons non créés ; relancez « xmpp-migrate migrate » pour reprendre ici.',
  roomsResult: (c, u, n, f) => `✓ salons : ${c} créé(s), ${u} mis à jour, ${n} inchangé(s)${f > 0 ? `, ${f} en échec` : ''}.`,
  roomFailed: (a, m) => `  ✗ ${a} : ${m}`,
  addressesAssumed: '  (adresses supposées libres : la vraie migration vérifie auprès du serveur)',
  invitationsWho: (l) => `À inviter : ${l}`,
  invitationsNone: 'Personne à inviter.',
  kitWould: (d, n) => `Écrirait le kit d'invitation (${n} personne(s)) dans ${d}.`,
  kitWritten: (d) => `kit d'invitation dans ${d} ; ouvrez ${d}/index.html et envoyez à chacun son message.`,
  kitRefresh: 'Pour le refaire (nouveaux contacts) : xmpp-migrate invite',
  historyAsk: 'Que faire de l\'historique ?',
  historyShare: "Le mettre là où chacun le lit : des documents PDF (avec les photos) dans chaque salon, et envoyés à chaque contact d'une conversation à deux",
  historySharePlan: (documents, megabytes, days) => `${documents} document${documents > 1 ? 's' : ''} PDF, environ ${megabytes} Mo${days !== null ? ` ; le serveur les garde ${days} jours : dites à chacun de les enregistrer` : ''}.`,
  historyShared: (title, to, documents, already) => already ? `  ${title} : déjà envoyé (${to})` : `  ${title} : ${documents} document${documents > 1 ? 's' : ''} envoyé${documents > 1 ? 's' : ''} à ${to}`,
  historyBlocked: (title, message) => `  ${title} : pas encore — ${message}`,
  historyShareFailed: (title, message) => `  ✗ ${title} : ${message}`,
  historyHtml: 'Écrire une archive consultable (pages HTML)',
  historyNone: 'Rien pour l\'instant',
  historyAskDir: 'Dossier de l\'archive :',
  historyWould: (d) => `Écrirait l'archive HTML dans ${d}.`,
  historyWritten: (d, o) => `✓ archive écrite dans ${d} ; ouvrez ${o}.`,
  historySkipped: 'Historique laissé de côté (xmpp-migrate history export le fera plus tard).',
  missing: 'Réponses manquantes pour une vraie migration sans questions (--yes) :',
  nextStep: (s) => `Étape suivante : ${s}`,
  placeholderService: "  (conference.example.org tient la place du service de salons de votre serveur, connu une fois le compte choisi)",
  summaryLine: (l, v) => `  ${l} : ${v}`,
  labels: {sources: 'Exports importés', contacts: 'Contacts', rooms: 'Salons', invitations: 'Invitations', history: 'Historique', account: 'Compte', none: 'aucun'},
}

const en: MigrateMessages = {
  step: (n, total, title) => `\n== Step ${n}/${total}: ${title} ==`,
  titles: {import: 'import the exports', me: 'who are you?', account: 'your XMPP account', contacts: 'your contacts', rooms: 'rooms', invitations: 'invitations', arrivals: 'arrivals', history: 'history', summary: 'summary'},
  arrivalsWould: (n) => `${n} ${n > 1 ? 'people' : 'person'} to welcome: once they used their link, running this again (or \`xmpp-migrate arrivals --watch\`) brings them into their rooms.`,
  arrivalsNone: 'Nobody to wait for: nobody is to be invited.',
  arrivalsSeated: (name, jid, rooms) => `✓ ${name} arrived (${jid})${rooms > 0 ? `: member of ${rooms} room${rooms > 1 ? 's' : ''}` : ''}, contacts approved both ways.`,
  arrivalsUnidentified: (jid, command) => `? ${jid} arrived, but who they are is not certain. Say who: ${command}`,
  arrivalsWaiting: (names) => `Not arrived yet: ${names}.`,
  arrivalsWaitingHint: 'Send them their message (see above), then run `xmpp-migrate migrate` again, or keep `xmpp-migrate arrivals --watch` running: each person enters their rooms as soon as they arrive.',
  arrivalsComplete: 'Everyone has arrived and is in their rooms.',
  arrivalsSummary: (seated, waiting, unidentified) => `${seated} arrived and seated, ${waiting} not arrived yet${unidentified > 0 ? `, ${unidentified} to identify` : ''}`,
  whoIs: (jid, nick) => `Who is ${jid}${nick ? ` ("${nick}")` : ''}?`,
  someoneElse: 'Someone else (do not add them)',
  arrivalsAlready: (n) => `${n} ${n > 1 ? 'people' : 'person'} already seated.`,
  arrivalsWatching: 'Waiting for arrivals (Ctrl-C to stop)…',
  arrivalsReconnect: (seconds) => `Connection lost; trying again in ${seconds} s.`,
  kitWay: (name, way, message) => `  ${name}: ${way} — message: ${message}`,
  dryRunBanner: 'Dry run (--dry-run): nothing is sent on the network; only the local import is done.',
  alreadyDone: '✓ already done',
  imported: (e, c, n, k) => `✓ ${e} export(s) imported: ${c} chat(s), ${n} new message(s), ${k} already known.`,
  importedBefore: (e, c) => `✓ already done: ${e} export(s), ${c} chat(s).`,
  noExports: 'No export imported.',
  chatLine: (id, t, k, m) => `  #${id} ${t} [${k}] — ${m} message(s)`,
  meIs: (name, how) => `You are: ${name} (${how}).`,
  askMe: 'Which of these participants are you?',
  meHow: {set: 'chosen', sure: 'detected', answered: 'answered'},
  accountStored: (jid) => `✓ already done: account ${jid}.`,
  accountWould: (a, jid) => (a === 'create' ? `Would create the account ${jid}.` : `Would log in to ${jid}.`),
  accountDone: (a, jid) => (a === 'create' ? `✓ account created: ${jid}.` : `✓ logged in: ${jid}.`),
  askAccountAction: 'Do you already have an XMPP account?',
  accountLogin: 'Yes, log in to it',
  accountCreate: 'No, create one',
  askJid: 'Your XMPP address (name@server):',
  providersIntro: 'Public servers that suit you (free, the account is created in the app):',
  askServer: 'Which server should your account be on?',
  otherServer: 'Another server (a community host, your own…)',
  askServerName: 'Name of the server (for example chat.example.org):',
  askUsername: (domain) => `Your name on ${domain} (the part before the @):`,
  serverCannot: (domain) => `An account cannot be created on ${domain} from here.`,
  serverAdvice: 'Pick a server you trust: for example one run by a community host of the CHATONS kind (chatons.org), which does not sell your data.',
  passwordGenerated: (file) => `A password was generated and stored in ${file} (readable only by you); "xmpp-migrate account qr" adds it to Conversations.`,
  askQr: 'Show the QR code that adds this account to Conversations on your phone?',
  qrWarning: 'This QR code contains your password: show it only to your own phone.',
  qrHint: 'To add the account to Conversations: xmpp-migrate account qr',
  contactsCount: (w, wo, i) => `${w} contact(s) with an XMPP address, ${wo} without, ${i} to invite.`,
  contactWith: (name, jid) => `  ✓ ${name} — ${jid}`,
  contactWithout: (name, what) => `  · ${name} — ${what}`,
  contactWhat: {invite: 'will get an invitation', skip: 'left out', undecided: 'no answer yet', jid: (jid) => `would get the address ${jid}`},
  askContactsHow: (n) => `${n} contact(s) have no XMPP address. How do you want to go about it?`,
  contactsOneByOne: 'One by one, here',
  contactsCsv: 'With a spreadsheet (a CSV file to fill in)',
  contactsInviteAll: 'Invite them all (they get a link)',
  contactsSkipAll: 'Leave them out for now',
  csvWritten: (file) => `File written: ${file}. Fill in the jid column (or invite) and save it as CSV.`,
  csvAskDone: 'File filled in and saved?',
  askContact: (name, chats) => `${name} (${chats}):`,
  contactGiveJid: 'I know their XMPP address',
  contactInvite: 'Send them an invitation',
  contactSkip: 'Skip',
  askContactJid: (name) => `XMPP address of ${name}:`,
  badJid: 'An XMPP address looks like name@server.example',
  roomsPlanned: (n, s) => `${n} room(s) on ${s}:`,
  roomLine: (a, addr, name, p) => `  [${a === 'create' ? 'to create' : a === 'update' ? 'to update' : 'done'}] ${addr} "${name}"${p ? ' (public)' : ' (private)'}`,
  roomMembers: (l) => `      members: ${l}`,
  roomPending: (l) => `      without an address yet: ${l}`,
  noGroups: 'No group chat: no room to create.',
  askPublic: 'Which groups should become public rooms (visible to anyone)? (none by default)',
  askCreateRooms: 'Create these rooms now?',
  roomsNotConfirmed: 'Rooms not created; run "xmpp-migrate migrate" again to pick up here.',
  roomsResult: (c, u, n, f) => `✓ rooms: ${c} created, ${u} updated, ${n} unchanged${f > 0 ? `, ${f} failed` : ''}.`,
  roomFailed: (a, m) => `  ✗ ${a}: ${m}`,
  addressesAssumed: '  (addresses assumed free: the real migration checks them with the server)',
  invitationsWho: (l) => `To invite: ${l}`,
  invitationsNone: 'Nobody to invite.',
  kitWould: (d, n) => `Would write the invitation kit (${n} people) to ${d}.`,
  kitWritten: (d) => `invitation kit in ${d}; open ${d}/index.html and send each person their message.`,
  kitRefresh: 'To redo it (new contacts): xmpp-migrate invite',
  historyAsk: 'What about the history?',
  historyShare: 'Put it where people look: PDF documents (with the photos) in each room, and sent to each person of a one-to-one chat',
  historySharePlan: (documents, megabytes, days) => `${documents} PDF document${documents > 1 ? 's' : ''}, about ${megabytes} MB${days !== null ? `; the server keeps them ${days} days: tell people to save them` : ''}.`,
  historyShared: (title, to, documents, already) => already ? `  ${title}: already sent (${to})` : `  ${title}: ${documents} document${documents > 1 ? 's' : ''} sent to ${to}`,
  historyBlocked: (title, message) => `  ${title}: not yet — ${message}`,
  historyShareFailed: (title, message) => `  ✗ ${title}: ${message}`,
  historyHtml: 'Write a browsable archive (HTML pages)',
  historyNone: 'Nothing for now',
  historyAskDir: 'Archive folder:',
  historyWould: (d) => `Would write the HTML archive to ${d}.`,
  historyWritten: (d, o) => `✓ archive written to ${d}; open ${o}.`,
  historySkipped: 'History left out (xmpp-migrate history export does it later).',
  missing: 'Answers missing for a real run without questions (--yes):',
  nextStep: (s) => `Next step: ${s}`,
  placeholderService: "  (conference.example.org stands for your server's group chat service, known once the account is chosen)",
  summaryLine: (l, v) => `  ${l}: ${v}`,
  labels: {sources: 'Exports imported', contacts: 'Contacts', rooms: 'Rooms', invitations: 'Invitations', history: 'History', account: 'Account', none: 'none'},
}

/** The flow's sentences in `language`. */
export function migrateMessages(language: MigrateLanguage): MigrateMessages {
  return language === 'fr' ? fr : en
}
