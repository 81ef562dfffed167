/**
 * Child process of the kill test (store-kill.test.ts): imports a big generated export into the
 * store given as argv[2] and reports progress on stdout, until the parent kills it with SIGKILL.
 * Run with `node --import tsx`.
 */
import {Store} from '../../src/store/Store.js'
import {importIntoStore} from '../../src/store/import-export.js'
import {chatSource, generatedMessages, info, msg, opened} from './helpers.js'

const [storePath, countText] = process.argv.slice(2)
if (storePath === undefined || countText === undefined) throw new Error('usage: kill-child.ts STORE COUNT')
const store = Store.open(storePath)
const famille = [msg('2024-03-01T08:01:00', 'Maman', 'Bonjour tout le monde'), msg('2024-03-04T09:00:00', 'Papa', 'Nouveau message')]
const exported = opened([chatSource(info('Famille'), famille), chatSource(info('Gros'), generatedMessages(0, Number(countText)))])
const result = await importIntoStore(store, exported, {path: '/exports/gros.txt', source: 'whatsapp'}, {
  batchSize: 1000,
  onMessages: (n) => process.stdout.write(`progress ${n}\n`),
})
store.close()
process.stdout.write(`done ${result.messagesNew}\n`)
