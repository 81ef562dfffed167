/**
 * Phrase tables: what WhatsApp writes in a participant's slot (placeholders, fact sheet §8) and
 * the wording of its events (§7), in the UI languages the project's users have (en, fr, de, es,
 * pt, it, nl, ru, and a few more where the strings are known). Structure decides first (no
 * `Sender: ` on Android, a U+200E/U+200F mark after the iOS pseudo-sender); these tables are
 * the fallback and the way to tell placeholders from events.
 */

/** Android's one generic "<Media omitted>" (localized), recognised by its key word inside `<…>`. */
const MEDIA_OMITTED_ANDROID =
  /^<[^<>:]{0,40}(?:omit|omis|omes|ausgeschlossen|weggelassen|weggelaten|oculta|vynech|без медиа|dahil edilmedi|tidak disertakan|생략|含まれていません|メディアなし|省略|استبعاد|לא נכלל|bỏ qua|ไม่รวม|ถูกลบ|הושמט|pominięt|utelämnad|udeladt|utelatt)[^<>:]{0,30}>$/i

/** iOS per-type "image omitted", "Bild weggelassen", "Kontaktkarte ausgelassen", "image absente", … (the key word ends the line). */
const MEDIA_OMITTED_IOS =
  /(?:omitted|weggelassen|ausgelassen|absente?|omise?|omitid[oa]|não revelad[oa]|ocultad[oa]|הושמטה|הושמט|omess[oa]|omesso|отсутствует|отсутствуют|не добавлен[аоы]?|не включен[аоы]?|пропущено|пропущен[аоі]?|vynechán[aoy]?|vynecháno|含まれていません|생략됨|weggelaten|dahil edilmedi|disertakan|dihilangkan|pominięt[eya]|utelämnad|udeladt|utelatt|bỏ qua|đã bị bỏ|ถูกข้าม|ถูกละไว้|محذوف|محذوفة|مستبعد|הושמט|省略|省略しました|省略されました|छोड़ (?:दी|दिया) गई|छोड़ा गया|छोड़ी गई|हटाया गया)$/i

/** Languages that put the key words first: vi "đã bỏ qua hình ảnh", ar "لم يتم إدراج الصورة", th "ไม่มีรูปภาพ". */
const MEDIA_OMITTED_IOS_START =
  /^(?:đã bỏ qua|đã bỏ |bỏ qua |lược bỏ|لم يتم إدراج|تم (?:حذف|استبعاد) (?:الملصق|الصور|الفيديو|المقطع|الصوت|الملف|المستند|GIF|جهة)|ไม่มี)/i

const MEDIA_OMITTED_PLAIN = /^(?:image|video|audio|sticker|GIF|Contact card|document) omitted$/

const DELETED =
  /^(?:This message was deleted(?: by admin .+)?|You deleted this message|Diese Nachricht wurde gelöscht|Du hast diese Nachricht gelöscht|Ce message a été supprimé|Vous avez supprimé ce message|Se eliminó este mensaje|Eliminaste este mensaje|Este mensaje fue eliminado|Mensagem apagada|Essa mensagem foi apagada|Esta mensagem foi apagada|Você apagou esta mensagem|Apagaste esta mensagem|Questo messaggio è stato eliminato|Hai eliminato questo messaggio|Dit bericht is verwijderd|Je hebt dit bericht verwijderd|Данное сообщение удалено|Это сообщение удалено|Сообщение удалено|Вы удалили (?:это|данное) сообщение|Данное сообщение было удалено|Це повідомлення (?:було )?видалено|Ви видалили це повідомлення|Tato zpráva byla (?:smazána|odstraněna)|Smazali jste tuto zprávu|Tuto zprávu jste smazali|Odstranili jste tuto zprávu|Bu mesaj silindi|Bu mesajı sildiniz|Pesan ini (?:telah )?dihapus|Anda (?:telah )?menghapus pesan ini|このメッセージは削除されました|メッセージを削除しました|삭제된 메시지입니다|메시지를 삭제했습니다|이 메시지는 삭제되었습니다|تم حذف هذه الرسالة|(?:لقد )?حذفت هذه الرسالة|أنت حذفت هذه الرسالة|הודעה זו נמחקה|מחקת את ההודעה הזו|Tin nhắn này đã bị x(?:óa|oá)|Bạn đã x(?:óa|oá) tin nhắn này|ข้อความนี้ถูกลบแล้ว|คุณลบข้อความนี้แล้ว|यह मैसेज (?:हटा|डिलीट कर) दिया गया(?: था)?|आपने यह मैसेज (?:हटा|डिलीट कर) दिया)[.。]?$/

/** `<This message was edited>` and its translations, at the very end of the body. */
const EDITED =
  /<[^<>]{0,60}(?:edited|bearbeitet|modifié|modificato|editad[oa]|bewerkt|изменено|отредактировано|düzenlendi|diedit|編集済み|編集されました|수정됨|تعديل|נערכה|chỉnh sửa|แก้ไข)[^<>]{0,20}>$/i

const VIEW_ONCE = /^(?:null|You (?:sent|received) a view once (?:message|photo|video)\b.*|View once (?:photo|video|message))$/i

/** Missed calls (Android and iOS write them in the caller's slot). */
const CALL =
  /^(?:Missed (?:group )?(?:voice|video) call|Verpasster (?:Sprach|Video|Gruppen)anruf|Appel (?:vocal|vidéo) manqué|Appel manqué|Llamada (?:de voz |de video )?perdida|Videollamada perdida|Chamada (?:de voz |de vídeo )?perdida|Chiamata (?:vocale |video )?persa|Videochiamata persa|Gemiste (?:spraak|video-?)oproep|Gemist (?:spraak|video)gesprek|Пропущенный (?:аудио|видео)?звонок|Cuộc gọi (?:thoại |video )?nhỡ|Panggilan (?:suara |video )?tak terjawab|שיחה (?:קולית |וידאו )?שלא נענתה|مكالمة (?:صوتية|فيديو) فائتة|สายที่ไม่ได้รับ|(?:音声|ビデオ)通話不在着信|부재중 (?:음성 |영상 )?(?:전화|통화)|Cevapsız (?:sesli|görüntülü) arama)(?:[.,] .*)?$/i

/** After the iOS body mark, calls also appear as "Voice call, 2 min" or "Video call" (answered). */
const CALL_MARKED = /^(?:(?:Missed |Silenced )?(?:group )?(?:voice|video) call|No answer)\b/i

const POLL = /^(?:POLL|UMFRAGE|SONDAGE|ENCUESTA|ENQUETE|SONDAGGIO|PEILING|ОПРОС|ANKET|JAJAK PENDAPAT|SONDAŻ|ANKETA)\s?:(?:\s|$)/

const LOCATION =
  /^(?:(?:location|standort|ubicación|localização|localizacao|localisation|position|posizione|locatie|poloha|poloha na mapě|розташування|местоположение|геопозиция|konum|lokasi|位置情報|위치|الموقع|موقع|מיקום|vị trí|ตำแหน่งที่ตั้ง|ตำแหน่ง)\s?:\s*https?:\/\/\S+|https?:\/\/maps\.google\.com\/\?q=\S+|.{1,200}: https?:\/\/foursquare\.com\/\S+)$/i

const LIVE_LOCATION =
  /^(?:live location shared|Live-Standort (?:wird )?geteilt|Position en (?:temps réel|direct) partagée|Ubicación en tiempo real compartida|Localização em tempo real compartilhada|Posizione in tempo reale condivisa|Live locatie gedeeld|Геоданные транслируются|Трансляция геоданных)\.?$/i

/**
 * One regex that every unmarked placeholder of the short-line checks below matches: ordinary
 * messages (nearly all of them) fail it in one call instead of six.
 */
const UNMARKED_GATE = new RegExp([MEDIA_OMITTED_PLAIN, DELETED, CALL, VIEW_ONCE, LIVE_LOCATION, POLL].map((r) => `(?:${r.source})`).join('|'), 'i')

/** The placeholder kinds decided from the body text alone. */
export type PlaceholderKind = 'media-omitted' | 'deleted' | 'edited' | 'view-once' | 'call' | 'poll' | 'location' | 'live-location'

/**
 * The placeholder kind of a body (bidi-free, trimmed), or null for ordinary text. `marked` is true
 * when the body started with U+200E/U+200F (iOS placeholders), which admits a few more forms.
 * Attachments are recognised separately (attachments.ts).
 */
export function placeholderKind(text: string, firstLine: string, marked: boolean): PlaceholderKind | null {
  const len = firstLine.length
  if (len === 0) return null
  const first = firstLine.charCodeAt(0)
  const lastOfText = text.charCodeAt(text.length - 1)
  if (first === 0x3c /* < */ && lastOfText === 0x3e && len < 80 && MEDIA_OMITTED_ANDROID.test(firstLine)) return 'media-omitted'
  if (lastOfText === 0x3e /* > */ && EDITED.test(text)) return 'edited'
  if (len < 160 && (marked || UNMARKED_GATE.test(firstLine))) {
    // iOS always marks its per-type placeholders; unmarked, only the plain English forms count
    // ("elle est absente" is a message, not "image absente").
    if (marked ? MEDIA_OMITTED_IOS.test(firstLine) || MEDIA_OMITTED_IOS_START.test(firstLine) : MEDIA_OMITTED_PLAIN.test(firstLine)) return 'media-omitted'
    if (DELETED.test(firstLine)) return 'deleted'
    if (CALL.test(firstLine) || (marked && CALL_MARKED.test(firstLine))) return 'call'
    if (VIEW_ONCE.test(firstLine)) return 'view-once'
    if (LIVE_LOCATION.test(firstLine)) return 'live-location'
    if (len < 30 && POLL.test(firstLine)) return 'poll'
  }
  if (firstLine.indexOf('://') > 0 && LOCATION.test(firstLine)) return 'location'
  if (marked && /^(?:Waiting for this message|Esperando el mensaje|En attente de ce message|Warten auf diese Nachricht)/i.test(firstLine)) return 'deleted'
  return null
}

/**
 * Event wording that can appear before the first ": " of an Android event, so that
 * `X added you to a group in the community: NAME` is not read as sender "X added you…"
 * (https://github.com/lucasrodes/whatstk/issues/147).
 */
const EVENT_IN_LABEL =
  /added you to a group|changed the subject|changed the group|changed this group|created (?:the )?group|to a group in the community|a (?:ajouté|créé|modifié|changé)|hat (?:die Gruppe|den Betreff|den Gruppennamen|dich)|cambió (?:el|la)|creó el grupo|(?:añadió|agregó) a|mudou o|alterou o|criou o grupo|adicionou|ha (?:cambiato|creato|aggiunto)|heeft (?:de groep|het onderwerp|groep|je)|изменил|создал/i

/** Quotes that open a name or subject in event texts. */
const OPEN_QUOTES = /["“«„]/

/** A letter or digit of any script (a quote between two of them is part of a word). */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u

/**
 * Straight double quotes in `label` that can open or close a quotation. A quote between two
 * letters is part of a word: Hebrew abbreviations are typed with one (נדל"ן, ד"ר, רו"ח), so
 * `יהונתן פניאל נדל"ן` is a name, not the start of a quoted subject.
 */
function openingStraightQuotes(label: string): number {
  let n = 0
  for (let i = label.indexOf('"'); i >= 0; i = label.indexOf('"', i + 1)) {
    if (i > 0 && i < label.length - 1 && WORD_CHAR.test(label.charAt(i - 1)) && WORD_CHAR.test(label.charAt(i + 1))) continue
    n++
  }
  return n
}

/**
 * True when the text before the first ": " is event wording rather than a sender label: it
 * holds an unbalanced quote (a subject containing ": ") or a known event phrase.
 */
export function looksLikeEventLabel(label: string): boolean {
  if (OPEN_QUOTES.test(label)) {
    if (openingStraightQuotes(label) % 2 === 1) return true
    if (label.includes('“') && !label.includes('”') && !label.slice(label.indexOf('“') + 1).includes('“')) return true
    if (label.includes('«') && !label.includes('»')) return true
    if (label.includes('„') && !label.includes('“')) return true
  }
  return EVENT_IN_LABEL.test(label)
}

/**
 * Event sentences distinctive enough to classify a `Label: text` line as an event even without
 * the iOS mark (older iOS exports, Android 2025 pseudo-senders, https://github.com/gesiscss/WhatsR/issues/33).
 */
const STRONG_EVENT =
  /^(?:Messages (?:and calls )?(?:you send to this (?:group|chat) )?are (?:now secured with )?end-to-end encrypted|Les messages et les appels sont chiffrés de bout en bout|Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt|Los mensajes y las llamadas están cifrados de extremo a extremo|As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta|I messaggi e le chiamate sono crittografati end-to-end|Berichten en oproepen zijn end-to-end versleuteld|Сообщения и звонки защищены сквозным шифрованием|Your security code with .+ changed|You(?:'|’)re now an admin|You (?:updated the message timer|turned (?:on|off) disappearing messages))/
/**
 * True when a `Label: text` body is in fact an event sentence (see STRONG_EVENT), or the label's
 * own action ("Ana: Ana left", "Ana: Ana created group …"). Only anchored checks: this runs on
 * every message, and mid-sentence phrases ("Mom said Dad changed the group name") are too
 * ambiguous to turn a person's message into an event.
 */
export function looksLikeEventBody(body: string, label: string): boolean {
  return looksLikeEventBodyAt(body, 0, label)
}

const STRONG_EVENT_AT = new RegExp(STRONG_EVENT.source.slice(1), 'y')
/**
 * First characters of the STRONG_EVENT sentences (M, L, N, A, I, B, С, Y), read from the regex
 * itself so they cannot drift: a cheap gate before running it. null (no gate) if an alternative
 * does not start with a literal character.
 */
const STRONG_EVENT_FIRST = firstCharsOfAlternatives(STRONG_EVENT)

function firstCharsOfAlternatives(re: RegExp): Set<number> | null {
  const body = re.source.replace(/^\^\(\?:/, '').replace(/\)$/, '')
  const firsts = new Set<number>()
  let depth = 0
  let atStart = true
  for (const ch of body) {
    if (atStart) {
      if ('\\([.^$|?*+{'.includes(ch)) return null
      firsts.add(ch.charCodeAt(0))
      atStart = false
    }
    if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === '|' && depth === 0) atStart = true
  }
  return firsts
}
const OWN_ACTION_AT =
  / (?:added|removed|left|joined|changed|created|a ajouté|a retiré|a quitté|est parti|a rejoint|hat .{1,60} (?:hinzugefügt|entfernt)|hat die Gruppe verlassen|añadió|agregó|eliminó|salió|adicionou|removeu|saiu|ha aggiunto|ha rimosso|è uscit|heeft .{1,60} (?:toegevoegd|verwijderd)|heeft de groep verlaten)\b/y

/** looksLikeEventBody on the body starting at `at` in `buffer` (a line of it; no slicing). */
export function looksLikeEventBodyAt(buffer: string, at: number, label: string): boolean {
  if (STRONG_EVENT_FIRST === null || STRONG_EVENT_FIRST.has(buffer.charCodeAt(at))) {
    STRONG_EVENT_AT.lastIndex = at
    if (STRONG_EVENT_AT.test(buffer)) return true
  }
  if (label.length > 0 && buffer.startsWith(label, at) && buffer.charCodeAt(at + label.length) === 0x20) {
    OWN_ACTION_AT.lastIndex = at + label.length
    return OWN_ACTION_AT.test(buffer)
  }
  return false
}

/** Cased letters and digits: a name inside a sentence ends where none of these follows. */
const CASED_OR_DIGIT = /[\p{Lu}\p{Ll}\p{Lt}\p{Nd}]/u

/**
 * True when `text` names `label` as a word (not inside a longer Latin, Cyrillic or Greek word;
 * scripts without case, such as Japanese `佐藤が…`, have no word boundary to check). iOS writes
 * an event under the acting member (`Ana: ‎Ana added Bob`, `佐藤: ‎佐藤がグループ…を作成しました`,
 * verb first in Arabic) and a security-code change under the contact it names; a person's
 * placeholder never names its own sender.
 */
export function namesLabel(text: string, label: string): boolean {
  if (label.length < 2) return false
  for (let i = text.indexOf(label); i >= 0; i = text.indexOf(label, i + 1)) {
    const before = i > 0 ? text.charAt(i - 1) : ''
    const after = text.charAt(i + label.length)
    if ((before === '' || !CASED_OR_DIGIT.test(before)) && (after === '' || !CASED_OR_DIGIT.test(after))) return true
  }
  return false
}

/** Key words of the end-to-end encryption notice (whats_json `patterns.dart` lists it in ~40 languages). */
const ENCRYPTION_NOTICE =
  /end-to-end|Ende-zu-Ende|de bout en bout|de extremo a extremo|de ponta a ponta|crittografat|versleuteld|сквозным шифрованием|наскрізним шифруванням|uçtan uca|koncově šifrovan|šifrovan[éa] end|szyfrowan|terenkripsi|エンドツーエンド|종단간|端到端|مشفرة|מוצפנות|mã hóa đầu cuối|เข้ารหัส|एंड-टू-एंड/i
/**
 * True when a text is WhatsApp's end-to-end encryption notice. iOS writes it under the group's
 * own name (or, in a one-to-one chat, the contact's): the one event that marks a label as the
 * chat's rather than a member's.
 */
export function isEncryptionNotice(text: string): boolean {
  return ENCRYPTION_NOTICE.test(text)
}

/** "Tap to learn more / to change / for info": WhatsApp's notices end with an invitation to tap. */
const TAP_TO =
  /(?:Tap|Click) (?:to|for|here)|Appuyez (?:pour|ici)|Tippe(?:n Sie)?,? um|Tippe hier|Toca (?:para|aquí)|Toque (?:para|aqui)|Tocca (?:per|qui)|Tik (?:om|voor|hier)|Нажмите|Натисніть|Ketuk untuk|Nhấn để|Dokun(?:un)?|Klepnutím|Stuknij|タップして|탭하세요|انقر|اضغط|יש להקיש|הקש|แตะเพื่อ|टैप कर/i
/** Security-code changes, disappearing-message timers, blocking: notices about the chat, not anyone's message. */
const CHAT_NOTICE =
  /security code|code de sécurité|Sicherheitsnummer|código de seguridad|código de segurança|codice di sicurezza|beveiligingscode|код безопасности|код безпеки|kode keamanan|mã bảo mật|güvenlik kodu|bezpečnostní kód|kod zabezpieczeń|セキュリティコード|보안 코드|رمز أمان|קוד האבטחה|รหัสความปลอดภัย|सुरक्षा कोड|disappearing messages|message timer|messages éphémères|selbstlöschende Nachrichten|mensajes temporales|mensagens temporárias|messaggi effimeri|verdwijnende berichten|исчезающие сообщения|зникаючі повідомлення|pesan sementara|tin nhắn tự hủy|süreli mesajlar|mizející zprávy|消えるメッセージ|사라지는 메시지|الرسائل المؤقتة|הודעות זמניות|ข้อความที่หายไป|blocked this contact|bloqué ce contact|Kontakt blockiert|bloqueaste este contacto|bloqueou este contato|bloccato questo contatto|contact geblokkeerd|заблокировали этот контакт/i
/** The exporter's own actions ("You added Bob"), in the languages of the phrase tables. */
const YOU_ACTION =
  /^(?:You (?:created|added|removed|changed|left|joined|turned|updated|blocked|unblocked|pinned|made|reset|were (?:added|removed)|(?:'|’)re now)|Vous avez (?:créé|ajouté|retiré|changé|modifié|quitté|rejoint|activé|désactivé|bloqué|débloqué|épinglé)|Vous êtes (?:maintenant|désormais)|Du hast (?:die Gruppe|den Betreff|das Gruppenbild|die Gruppenbeschreibung|.{1,60} (?:hinzugefügt|entfernt))|Du bist (?:jetzt|nun)|Creaste|Añadiste|Agregaste|Cambiaste|Saliste|Te uniste|Ahora eres|Você (?:criou|adicionou|removeu|mudou|alterou|saiu|entrou|bloqueou|desbloqueou|agora é)|Hai (?:creato|aggiunto|rimosso|cambiato|modificato|abbandonato|bloccato)|Ora sei|Je hebt (?:de groep|.{1,60} (?:toegevoegd|verwijderd|aangemaakt|gewijzigd|geblokkeerd))|Je bent nu|Вы (?:создали|добавили|изменили|вышли|заблокировали|разблокировали|теперь)|Ви (?:створили|додали|змінили|вийшли)|Anda (?:membuat|menambahkan|mengeluarkan|mengubah|keluar|sekarang)|Bạn (?:đã tạo|đã thêm|đã đổi|đã rời|hiện là))/

/**
 * Group actions as iOS writes them after a member's name under the group's name (`‎Léa left`,
 * `‎Théo changed this group's icon`), in the languages of the project's users. A person's
 * placeholder never reads like this.
 */
const GROUP_ACTION =
  /(?:^| )(?:changed (?:this group(?:'|’)s|the group) (?:icon|description|name|settings)|changed the subject|deleted this group(?:'|’)s icon|joined using this group(?:'|’)s invite link|joined from the community|created group|added|removed|left|a changé l(?:'|’)image de ce groupe|a modifié la description du groupe|a rejoint le groupe|a créé le groupe|a ajouté|a retiré|est parti|est partie|a quitté|hat das Gruppenbild geändert|hat die Gruppenbeschreibung geändert|ist über den Einladungslink der Gruppe beigetreten|hat die Gruppe verlassen|cambió (?:el ícono|la descripción) del grupo|se unió usando el enlace|creó el grupo|(?:añadió|agregó|eliminó) a|salió del grupo|mudou a imagem do grupo|alterou a descrição do grupo|entrou usando o link|criou o grupo|adicionou|removeu|saiu|ha cambiato l(?:'|’)immagine del gruppo|ha creato il gruppo|ha aggiunto|ha rimosso|è uscit[oa])(?=$|[ .,“"«„])/

/**
 * True when a marked body under `label` (bidi-free, trimmed, not a placeholder) is certainly a
 * WhatsApp event: a sentence of the phrase tables, or one naming the label itself (see
 * namesLabel). Anything else under a label that wrote in the chat is that person's (issue 19 §1).
 */
export function isKnownMarkedEvent(body: string, label: string): boolean {
  return (
    STRONG_EVENT.test(body) ||
    YOU_ACTION.test(body) ||
    ENCRYPTION_NOTICE.test(body) ||
    TAP_TO.test(body) ||
    CHAT_NOTICE.test(body) ||
    GROUP_ACTION.test(body) ||
    namesLabel(body, label)
  )
}

/** A notice that a message was deleted, in any wording: it says nothing about the chat being a group. */
const MESSAGE_DELETED =
  /(?:удал|видал|smaz|odstran|hapus|x(?:óa|oá)|حذف|נמחק|מחק|deleted|supprim|gelöscht|elimin|apagad|apagou|verwijderd|silindi|sildi|削除|삭제|ลบ|हटा|डिलीट).{0,40}(?:сообщени|повідомлен|zpráv|pesan|tin nhắn|الرسالة|הודעה|message|Nachricht|mensa|messaggio|bericht|mesaj|メッセージ|메시지|ข้อความ|मैसेज)|(?:сообщени|повідомлен|zpráv|pesan|tin nhắn|الرسالة|הודעה|message|Nachricht|mensa|messaggio|bericht|mesaj|メッセージ|메시지|ข้อความ|मैसेज).{0,40}(?:удал|видал|smaz|odstran|hapus|x(?:óa|oá)|حذف|נמחק|deleted|supprim|gelöscht|elimin|apagad|verwijderd|silindi|削除|삭제|ลบ|हटा|डिलीट)/i

/** Events that only happen in groups (for `kind: 'group'`). */
const GROUP_EVENT =
  /created (?:the )?group|\b(?:added|removed|left|joined)\b|changed the subject|changed the group|changed this group|group(?:'|’)s|\badmin\b|invite link|community|Messages you send to this group|a créé le groupe|avez créé le groupe|a ajouté|a retiré|est parti|a quitté|a rejoint|du groupe|Gruppe|hinzugefügt|entfernt|verlassen|beigetreten|grupo|añadió|agregó|eliminó a|salió|se unió|adicionou|removeu|saiu|entrou|gruppo|ha aggiunto|ha rimosso|è uscit|groep|toegevoegd|verlaten|групп|добавил|удалил|вышел|присоедин|المجموعة|أضاف|غادر|הקבוצה|הוסיף|グループ|追加しました|退出しました|สร้างกลุ่ม|ออกจากกลุ่ม|그룹|nhóm|grup/i

/** True when an event text is one that only happens in groups. */
export function isGroupEvent(text: string): boolean {
  // «Вы удалили данное сообщение» holds «удалил» (removed): a deletion notice never makes a chat a group.
  return GROUP_EVENT.test(text) && !MESSAGE_DELETED.test(text)
}

// Third person ("Léa a créé le groupe") and the exporter's own ("Vous avez créé le groupe",
// "Du hast die Gruppe „…“ erstellt", "Creaste el grupo", "Hai creato il gruppo", "Je hebt groep … aangemaakt").
const CREATED_GROUP =
  /created (?:the )?group|(?:a|as|avez) créé (?:le )?groupe|(?:hat|hast) (?:die )?Gruppe .+ erstellt|(?:creó|creaste|has creado) (?:el )?grupo|criou (?:o )?grupo|(?:ha|hai) creato (?:il )?gruppo|(?:heeft|hebt) (?:de )?groep .+ (?:aangemaakt|gemaakt)|создал\S* группу|أنشأ .+ المجموعة|יצר\S* את הקבוצה|グループ「.+」を作成|สร้างกลุ่ม|그룹을 만들었습니다|đã tạo nhóm|grubunu oluşturdu|membuat grup/i
const SUBJECT_CHANGED =
  /changed the subject|changed the group name|changed this group(?:'|’)s name|(?:a|as|avez) (?:modifié|changé) le (?:sujet|nom)|(?:hat|hast) den (?:Betreff|Gruppennamen|Gruppenbetreff)|(?:cambió|cambiaste|has cambiado) el (?:asunto|nombre)|(?:mudou|alterou) o (?:assunto|nome)|(?:ha|hai) cambiato (?:l'oggetto|il nome|l’oggetto)|(?:heeft|hebt) de (?:groepsnaam|naam|onderwerp)|(?:heeft|hebt) het onderwerp|изменил\S* (?:тему|название)|اسم المجموعة|נושא הקבוצה|グループ名を|เปลี่ยนหัวข้อ|그룹 이름을|đã đổi tên nhóm|tên nhóm|grup adını|mengubah nama grup|mengubah subjek/i
const QUOTED = /["“«„‚「]\s*([^"“”«»„「」]+?)\s*["”»“‘」]/g

function lastQuoted(text: string): string | null {
  let last: string | null = null
  for (const m of text.matchAll(QUOTED)) last = m[1] ?? last
  return last
}

/** The group title an event names: `{subject}` for a subject change, `{created}` for "created group". */
export function titleFromEvent(text: string): {subject?: string; created?: string} | null {
  if (SUBJECT_CHANGED.test(text)) {
    const q = lastQuoted(text)
    return q ? {subject: q} : null
  }
  if (CREATED_GROUP.test(text)) {
    const q = lastQuoted(text)
    return q ? {created: q} : null
  }
  return null
}
