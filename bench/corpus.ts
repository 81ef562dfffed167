/**
 * Word material for the bench's synthetic exports: a French-speaking family group with a German
 * branch, written for this project (no real conversation, no other project's data). The mix of
 * accents, emoji (including ZWJ sequences and variation selectors) and invisible characters is
 * what a parser meets in real exports (see ../shared/research/whatsapp-export-format.md §6, §10).
 */

/** The group's title (also the iOS pseudo-sender of events). */
export const GROUP_TITLE = 'Famille Martin 🏡'

/**
 * Sender labels as a phone would export them: saved names, an unsaved contact as `~ Name`
 * (U+202F after the tilde, as recent Android builds write it), a phone number wrapped in
 * U+202A…U+202C, a name containing " - ", and emoji.
 */
export const SENDERS: readonly string[] = [
  'Maman',
  'Papa',
  'Mamie Françoise',
  'Léa',
  'Théo 🚲',
  'Jürgen Müller',
  'Oma Gisela',
  '~\u202FZoé',
  '\u202A+33 6 12 34 56 78\u202C',
  'Ana - Plombière',
  'Émile',
  'Chloé ❤️',
]

/** How often each sender writes, same order as SENDERS (a few people write most messages). */
export const SENDER_WEIGHTS: readonly number[] = [18, 12, 6, 14, 10, 7, 4, 6, 3, 2, 9, 9]

/** Short message openings. */
export const OPENINGS: readonly string[] = [
  'Coucou tout le monde',
  'Bonjour à tous',
  'Salut',
  'Hallo zusammen',
  'Guten Morgen',
  'Hi everyone',
  'Oui',
  'Non',
  "D'accord",
  'Super',
  'Merci beaucoup',
  'Danke schön',
  'Bonne nuit',
  'Bisous',
  'À ce soir',
  'Trop bien',
  'Génial',
  'Ah bon ?',
  'Je vois',
  'Haha',
  'Ok',
]

/** Sentences making up the bulk of bodies. */
export const SENTENCES: readonly string[] = [
  'on se retrouve chez Mamie dimanche à midi',
  "qui apporte le dessert cette fois-ci ? j'ai déjà fait la tarte aux pommes la dernière fois",
  "le train a encore du retard, j'arrive vers 19h30",
  'vous avez vu les photos du mariage de Céline ?',
  'il fait un temps magnifique ici, 24° et grand soleil',
  "n'oubliez pas l'anniversaire de Papa samedi prochain",
  'wir kommen am Freitag gegen 18 Uhr an',
  'das Essen war wirklich köstlich, vielen Dank nochmal',
  'könnt ihr mir das Rezept für den Käsekuchen schicken?',
  "les enfants ont adoré la sortie à la forêt, Théo a trouvé plein de châtaignes",
  "est-ce que quelqu'un peut récupérer Léa à l'école à 16h30 ?",
  'je suis coincée au travail, désolée',
  'la réunion de famille est reportée à la semaine prochaine',
  "j'ai réservé la salle pour la fête, il reste à choisir le traiteur",
  'does anyone have the wifi password for the holiday house?',
  "Mamie demande si on peut l'appeler ce soir",
  'le médecin a dit que tout allait bien, pas de souci',
  'on part en vacances en Bretagne du 3 au 17 août',
  "il reste des crêpes si quelqu'un en veut",
  'félicitations pour ton examen, on est très fiers de toi',
  'ich habe die Fotos in den Ordner hochgeladen',
  'qui a les clés du garage ?',
  'pensez à voter pour le lieu du pique-nique',
  "j'ai trouvé un œuf de Pâques oublié derrière le canapé",
  "le chat s'est encore échappé chez les voisins",
  'bon appétit à tous',
  "c'est noté, à jeudi",
]

/** Emoji as people sprinkle them: plain, with U+FE0F, with skin tones, and ZWJ families. */
export const EMOJI: readonly string[] = [
  '😂',
  '❤️',
  '👍',
  '👍🏽',
  '🙏',
  '😘',
  '🎉',
  '🥰',
  '☀️',
  '🎂',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇫🇷',
  '🇩🇪',
  '😅',
  '🤗',
]

/** Lines that look like dates or headers of *other* formats, pasted inside a body (traps for parsers). */
export const DATE_LIKE_LINES: readonly string[] = [
  'Rendez-vous 2024-03-12 10:30 devant la mairie',
  '12.03. um 14:30 Uhr: Zahnarzt',
  '[4/6/24, 9:00:00 AM] Léa: copié depuis une autre conversation',
  'le 05/06 à 18h30 : apéro chez Théo',
  '2023/12/20, 5:46 pm - programme de la soirée',
]

/** Captions that follow an attachment line. */
export const CAPTIONS: readonly string[] = [
  'La vue depuis la terrasse 😍',
  'Regardez qui a perdu sa première dent !',
  'Le gâteau de ce midi',
  'Neue Fotos vom Garten',
  'Facture à régler avant vendredi',
]

/** Named documents (spaces, accents, several dots) as Android keeps their original names. */
export const DOCUMENT_NAMES: readonly string[] = [
  'Facture électricité mars.pdf',
  'Liste des invités v2.final.xlsx',
  'Ordonnance Dr Müller.pdf',
  'Programme été 2024.docx',
  'Zoé.vcf',
]

/** Poll questions and options. */
export const POLLS: readonly {question: string; options: readonly string[]}[] = [
  {question: 'Où fait-on le réveillon ?', options: ['Chez Mamie', 'Chez nous', 'Au restaurant']},
  {question: 'Welcher Tag passt euch?', options: ['Samstag', 'Sonntag']},
]

/** New subjects for "changed the subject" events (one contains ": ", a trap for parsers). */
export const SUBJECTS: readonly string[] = ['Famille Martin 🏡', 'Vacances 2024 ☀️', 'Noël : qui apporte quoi ?', 'Familie & Famille']
