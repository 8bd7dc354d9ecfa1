<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove {name}</source>
        <translation>Убрать {name}</translation>
    </message>
    <message>
        <source>Do not send {name}</source>
        <translation>Не отправлять {name}</translation>
    </message>
    <message>
        <source>picture</source>
        <translation>картинка</translation>
    </message>
    <message>
        <source>document</source>
        <translation>документ</translation>
    </message>
    <message>
        <source>Enter opens it</source>
        <translation>Enter открывает его</translation>
    </message>
    <message>
        <source>Open {name}</source>
        <translation>Открыть {name}</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>{size} B</source>
        <translation>{size} Б</translation>
    </message>
    <message>
        <source>{size} kB</source>
        <translation>{size} КБ</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} МБ</translation>
    </message>
    <message>
        <source>{count} characters</source>
        <translation>символов: {count}</translation>
    </message>
    <message>
        <source>≈{tokens} tokens</source>
        <translation>≈{tokens} токенов</translation>
    </message>
    <message>
        <source>{name} is empty.</source>
        <translation>Файл {name} пуст.</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 text (it uses another encoding). Save it as UTF-8 and attach it again.</source>
        <translation>{name} — не текст в UTF-8 (у него другая кодировка). Сохраните его в UTF-8 и прикрепите снова.</translation>
    </message>
    <message>
        <source>{name} is not an image, a PDF or a text file, so it cannot be attached.</source>
        <translation>{name} — не картинка, не PDF и не текстовый файл, поэтому его нельзя прикрепить.</translation>
    </message>
    <message>
        <source>{name} is protected by a password.</source>
        <translation>{name} защищён паролем.</translation>
    </message>
    <message>
        <source>more than {count}</source>
        <translation>больше {count}</translation>
    </message>
    <message>
        <source>{name} could not be read: the PDF is damaged.</source>
        <translation>Не удалось прочитать {name}: PDF повреждён.</translation>
    </message>
    <message>
        <source>{name} has no text to read: its pages are pictures (a scan?). Attach the pages as images for a model that sees them.</source>
        <translation>В {name} нет текста: его страницы — картинки (скан?). Прикрепите страницы как изображения для модели, которая их видит.</translation>
    </message>
    <message>
        <source>{name} is too long to attach: {count} characters, and a message takes at most {limit}.</source>
        <translation>{name} слишком длинный: символов — {count}, а в сообщение помещается не больше {limit}.</translation>
    </message>
    <message>
        <source>{name} is not an image this app can read.</source>
        <translation>{name} — картинка, которую приложение не умеет читать.</translation>
    </message>
    <message>
        <source>{name} is too large: {width} × {height} pixels.</source>
        <translation>{name} слишком велик: {width} × {height} пикселей.</translation>
    </message>
    <message>
        <source>{name} could not be read: {reason}.</source>
        <translation>Не удалось прочитать {name}: {reason}.</translation>
    </message>
    <message>
        <source>The image could not be encoded.</source>
        <translation>Не удалось закодировать изображение.</translation>
    </message>
    <message>
        <source>{name} could not be opened: {reason}.</source>
        <translation>Не удалось открыть {name}: {reason}.</translation>
    </message>
    <message>
        <source>{name} is too large to attach: {size} MB, and files up to {limit} MB can be.</source>
        <translation>{name} слишком велик: {size} МБ, а прикрепить можно файлы до {limit} МБ.</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>Sending to %s…</source>
        <translation>Отправка запроса к %s…</translation>
    </message>
    <message>
        <source>Uploading pictures… %d%%</source>
        <translation>Загрузка картинок… %d%%</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Модель отвечает…</translation>
    </message>
    <message>
        <source>{model} does not see pictures: the ones in this conversation stay in it but are not sent.</source>
        <translation>{model} не видит картинок: картинки этого разговора остаются в нём, но не отправляются.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Остановлено.</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>Ошибка.</translation>
    </message>
    <message>
        <source>Done · {metrics}</source>
        <translation>Готово · {metrics}</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <source>Starting model (cold boot)…</source>
        <translation>Модель запускается (холодный старт)…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Генерация…</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Earlier messages are not sent: the model&apos;s context is full</source>
        <translation>Более ранние сообщения не отправляются: контекст модели заполнен</translation>
    </message>
    <message>
        <source>Start of the messages sent</source>
        <translation>Начало отправляемых сообщений</translation>
    </message>
    <message>
        <source>The model reads only what is below this line; the messages above stay here but are not sent with your next message</source>
        <translation>Модель читает только то, что ниже этой линии; сообщения выше остаются здесь, но не отправляются с вашим следующим сообщением</translation>
    </message>
    <message>
        <source>Jump to latest ↓</source>
        <translation>К последнему ↓</translation>
    </message>
    <message>
        <source>Scroll to the newest message</source>
        <translation>Прокрутить к последнему сообщению</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>К последнему сообщению</translation>
    </message>
    <message>
        <source>Copied the last answer</source>
        <translation>Последний ответ скопирован</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>Enter sends the message; Shift+Enter starts a new line.</source>
        <translation>Enter отправляет сообщение; Shift+Enter начинает новую строку.</translation>
    </message>
    <message>
        <source>Write a message. Enter sends, Shift+Enter adds a new line.</source>
        <translation>Напишите сообщение. Enter — отправить, Shift+Enter — новая строка.</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Прикрепить файлы</translation>
    </message>
    <message>
        <source>Attach pictures or documents (%s); you can also drop or paste them</source>
        <translation>Прикрепить картинки или документы (%s); их можно и перетащить или вставить</translation>
    </message>
    <message>
        <source>Message %s…</source>
        <translation>Сообщение для %s…</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Напишите сообщение…</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Отправить сообщение</translation>
    </message>
    <message>
        <source>Start a new line</source>
        <translation>Начать новую строку</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Stop the reply (%s)</source>
        <translation>Остановить ответ (%s)</translation>
    </message>
    <message>
        <source>Stop reply</source>
        <translation>Остановить ответ</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Send the message (%s)</source>
        <translation>Отправить сообщение (%s)</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Отправить сообщение</translation>
    </message>
</context>
<context>
    <name>ContextForm</name>
    <message>
        <source>Context</source>
        <translation>Контекст</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Автоматически</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> токенов</translation>
    </message>
    <message>
        <source>Context window</source>
        <translation>Окно контекста</translation>
    </message>
    <message>
        <source>How many tokens this model reads, for every conversation that uses it. Automatic uses the figure below.</source>
        <translation>Сколько токенов читает эта модель — для всех бесед, где она используется. «Автоматически» — значение, указанное ниже.</translation>
    </message>
    <message>
        <source>Known context window</source>
        <translation>Известное окно контекста</translation>
    </message>
    <message>
        <source>Context &amp;window</source>
        <translation>&amp;Окно контекста</translation>
    </message>
    <message>
        <source>Everything that fits</source>
        <translation>Всё, что помещается</translation>
    </message>
    <message>
        <source>Only the last turns</source>
        <translation>Только последние обмены</translation>
    </message>
    <message>
        <source>History sent</source>
        <translation>Отправляемая история</translation>
    </message>
    <message>
        <source>Which earlier messages go with a new one: the newest that fit the model&apos;s context window, or at most a number of turns (a question and its answer; the question being sent counts as one)</source>
        <translation>Какие прежние сообщения отправляются с новым: самые новые, которые помещаются в окно контекста модели, или не больше заданного числа обменов (вопрос и ответ на него; отправляемый вопрос считается за один)</translation>
    </message>
    <message>
        <source>Turns sent</source>
        <translation>Отправляемые обмены</translation>
    </message>
    <message>
        <source>How many turns, the newest, go with each message</source>
        <translation>Сколько последних обменов отправляется с каждым сообщением</translation>
    </message>
    <message>
        <source>&amp;History sent</source>
        <translation>&amp;Отправляемая история</translation>
    </message>
    <message>
        <source>Not known for this model: everything is sent until the model says the conversation is too long, and the app then remembers its limit.</source>
        <translation>Для этой модели неизвестно: отправляется всё, пока модель не сообщит, что беседа слишком длинная; тогда приложение запомнит её предел.</translation>
    </message>
    <message>
        <source>Automatic: {tokens} tokens ({source}).</source>
        <translation>Автоматически: {tokens} токенов ({source}).</translation>
    </message>
</context>
<context>
    <name>ContextGauge</name>
    <message>
        <source>Context used</source>
        <translation>Занятый контекст</translation>
    </message>
    <message>
        <source>≈ {tokens} tokens</source>
        <translation>≈ {tokens} токенов</translation>
    </message>
    <message>
        <source>≈ {tokens} of {window} tokens</source>
        <translation>≈ {tokens} из {window} токенов</translation>
    </message>
    <message>
        <source> · older messages not sent</source>
        <translation> · старые сообщения не отправляются</translation>
    </message>
    <message>
        <source>Estimated tokens your next message sends: the system prompt, {sent} of {all} messages and what you are writing.</source>
        <translation>Оценка токенов, которые отправит следующее сообщение: системный промпт, {sent} из {all} сообщений и то, что вы пишете.</translation>
    </message>
    <message>
        <source>The context window of {model} is not known, so everything is sent. Set it in Settings, or the app learns it from the model&apos;s error if it is exceeded.</source>
        <translation>Окно контекста {model} неизвестно, поэтому отправляется всё. Укажите его в настройках — или приложение узнает его из ошибки модели, если окно будет превышено.</translation>
    </message>
    <message>
        <source>{model} reads {window} tokens ({source}); {room} of them are kept for the reply.</source>
        <translation>{model} читает {window} токенов ({source}); {room} из них оставлено для ответа.</translation>
    </message>
    <message>
        <source>Earlier messages are not sent: the model&apos;s context is full.</source>
        <translation>Более ранние сообщения не отправляются: контекст модели заполнен.</translation>
    </message>
    <message>
        <source>The estimate is calibrated with the counts Replicate reported.</source>
        <translation>Оценка уточнена по подсчётам, которые сообщил Replicate.</translation>
    </message>
    <message>
        <source>The estimate adjusts to this model&apos;s own count after its first reply.</source>
        <translation>Оценка подстроится под подсчёт этой модели после её первого ответа.</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <source>Title matches</source>
        <translation>Совпадение в названии</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>Название чата</translation>
    </message>
    <message>
        <source>Type a new title; Enter keeps it, Esc cancels.</source>
        <translation>Введите новое название; Enter — сохранить, Esc — отменить.</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <source>Start a new chat (%s)</source>
        <translation>Начать новый чат (%s)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Поиск по чатам</translation>
    </message>
    <message>
        <source>Search titles and messages (%s); Esc clears</source>
        <translation>Искать в названиях и сообщениях (%s); Esc очищает поле</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Чаты</translation>
    </message>
    <message>
        <source>Click or press Enter to open; F2 renames; Delete deletes; right-click for more</source>
        <translation>Щелчок или Enter — открыть; F2 — переименовать; Delete — удалить; правый щелчок — другие действия</translation>
    </message>
    <message>
        <source>No conversations</source>
        <translation>Нет чатов</translation>
    </message>
    <message>
        <source>Conversation actions</source>
        <translation>Действия с чатом</translation>
    </message>
    <message>
        <source>No conversation mentions “%s”.</source>
        <translation>Ни в одном чате нет «%s».</translation>
    </message>
    <message>
        <source>No conversations yet. Your chats will be listed here.</source>
        <translation>Чатов пока нет. Здесь появятся ваши чаты.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Переименовать</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <source>From the search field, go to the results</source>
        <translation>Из поля поиска перейти к результатам</translation>
    </message>
    <message>
        <source>Open the first result of a search</source>
        <translation>Открыть первый результат поиска</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Очистить поиск</translation>
    </message>
    <message>
        <source>Move through the chats</source>
        <translation>Перейти к другому чату в списке</translation>
    </message>
    <message>
        <source>Open the chat</source>
        <translation>Открыть чат</translation>
    </message>
    <message>
        <source>Rename the chat</source>
        <translation>Переименовать чат</translation>
    </message>
    <message>
        <source>Delete the chat</source>
        <translation>Удалить чат</translation>
    </message>
    <message>
        <source>Bring a deleted chat back</source>
        <translation>Вернуть удалённый чат</translation>
    </message>
    <message>
        <source>More actions for the chat</source>
        <translation>Другие действия с чатом</translation>
    </message>
</context>
<context>
    <name>ConversationStore</name>
    <message>
        <source>The conversation store is closed.</source>
        <translation>Хранилище чатов закрыто.</translation>
    </message>
    <message>
        <source>read the conversations</source>
        <translation>прочитать чаты</translation>
    </message>
    <message>
        <source>repair the messages</source>
        <translation>исправить сообщения</translation>
    </message>
    <message>
        <source>create the conversation</source>
        <translation>создать чат</translation>
    </message>
    <message>
        <source>list the conversations</source>
        <translation>получить список чатов</translation>
    </message>
    <message>
        <source>read the conversation</source>
        <translation>прочитать чат</translation>
    </message>
    <message>
        <source>rename the conversation</source>
        <translation>переименовать чат</translation>
    </message>
    <message>
        <source>save the conversation&apos;s settings</source>
        <translation>сохранить настройки чата</translation>
    </message>
    <message>
        <source>delete the conversation</source>
        <translation>удалить чат</translation>
    </message>
    <message>
        <source>restore the conversation</source>
        <translation>восстановить чат</translation>
    </message>
    <message>
        <source>erase deleted conversations</source>
        <translation>стереть удалённые чаты</translation>
    </message>
    <message>
        <source>Conversation {id} no longer exists.</source>
        <translation>Чата {id} больше нет.</translation>
    </message>
    <message>
        <source>save the message</source>
        <translation>сохранить сообщение</translation>
    </message>
    <message>
        <source>Message {id} no longer exists.</source>
        <translation>Сообщения {id} больше нет.</translation>
    </message>
    <message>
        <source>read the messages</source>
        <translation>прочитать сообщения</translation>
    </message>
    <message>
        <source>mark interrupted replies</source>
        <translation>отметить прерванные ответы</translation>
    </message>
    <message>
        <source>count the messages</source>
        <translation>подсчитать сообщения</translation>
    </message>
    <message>
        <source>search the conversations</source>
        <translation>выполнить поиск по чатам</translation>
    </message>
    <message>
        <source>Could not {action}: the disk is full{where}. Free some space and try again.</source>
        <translation>Не удалось {action}: диск заполнен{where}. Освободите место и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Could not {action}: the conversation store is read-only{where}.</source>
        <translation>Не удалось {action}: хранилище чатов доступно только для чтения{where}.</translation>
    </message>
    <message>
        <source>Could not {action}: the conversation store is busy{where}; another copy of Replicate Chat may be using it. Try again.</source>
        <translation>Не удалось {action}: хранилище чатов занято{where} — возможно, его использует другая копия Replicate Chat. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Could not {action}: the conversation store cannot be opened{where}.</source>
        <translation>Не удалось {action}: хранилище чатов не открывается{where}.</translation>
    </message>
    <message>
        <source>Could not {action}: the disk reported an error{where} ({error}).</source>
        <translation>Не удалось {action}: ошибка диска{where} ({error}).</translation>
    </message>
    <message>
        <source>Could not {action}: the conversation store is damaged{where}. Restart Replicate Chat to move the damaged file aside.</source>
        <translation>Не удалось {action}: хранилище чатов повреждено{where}. Перезапустите Replicate Chat, чтобы повреждённый файл был отложен в сторону.</translation>
    </message>
    <message>
        <source>Could not {action}: {error}{where}.</source>
        <translation>Не удалось {action}: {error}{where}.</translation>
    </message>
    <message>
        <source>The conversation store {path} is damaged ({damage}). Start Replicate Chat to move it aside and begin a fresh one; the damaged file is kept.</source>
        <translation>Хранилище чатов {path} повреждено ({damage}). Запустите Replicate Chat, чтобы отложить его в сторону и начать новое; повреждённый файл сохранится.</translation>
    </message>
    <message>
        <source>A fresh conversation store at {path} is unusable: {problem}</source>
        <translation>Новое хранилище чатов {path} непригодно: {problem}</translation>
    </message>
    <message>
        <source>There is no conversation store at {path}.</source>
        <translation>Хранилища чатов {path} не существует.</translation>
    </message>
    <message>
        <source>The conversation store {path} is a folder, not a file.</source>
        <translation>Хранилище чатов {path} — это папка, а не файл.</translation>
    </message>
    <message>
        <source>Permission denied: Replicate Chat may not read its conversation store {path}. Check the file&apos;s owner and permissions.</source>
        <translation>Доступ запрещён: Replicate Chat не может читать хранилище чатов {path}. Проверьте владельца файла и права доступа.</translation>
    </message>
    <message>
        <source>Permission denied: Replicate Chat may not write its conversation store {path}. Check the file&apos;s owner and permissions.</source>
        <translation>Доступ запрещён: Replicate Chat не может записывать в хранилище чатов {path}. Проверьте владельца файла и права доступа.</translation>
    </message>
    <message>
        <source>Cannot open the conversation store {path}: {problem}.</source>
        <translation>Не удаётся открыть хранилище чатов {path}: {problem}.</translation>
    </message>
    <message>
        <source>The conversation store {path} was made by a newer version of Replicate Chat (schema {version}; this version knows up to {known}). Update Replicate Chat to open it; the file was not changed.</source>
        <translation>Хранилище чатов {path} создано более новой версией Replicate Chat (схема {version}; эта версия знает схемы до {known}). Обновите Replicate Chat, чтобы открыть его; файл не изменён.</translation>
    </message>
    <message>
        <source>{path} is an SQLite database but not a Replicate Chat conversation store; it was left unchanged.</source>
        <translation>{path} — база данных SQLite, но не хранилище чатов Replicate Chat; файл оставлен без изменений.</translation>
    </message>
    <message>
        <source>open the conversation store</source>
        <translation>открыть хранилище чатов</translation>
    </message>
    <message>
        <source>The conversation store {path} is damaged and could not be moved aside ({problem}). Move or rename it yourself, then start again.</source>
        <translation>Хранилище чатов {path} повреждено, и его не удалось отложить в сторону ({problem}). Переместите или переименуйте его вручную, затем запустите приложение снова.</translation>
    </message>
    <message>
        <source>switch versions</source>
        <translation>переключить версии</translation>
    </message>
    <message>
        <source>delete the version</source>
        <translation>удалить версию</translation>
    </message>
    <message>
        <source>The only version of a message stays.</source>
        <translation>Единственная версия сообщения остаётся.</translation>
    </message>
    <message>
        <source>restore the version</source>
        <translation>восстановить версию</translation>
    </message>
    <message>
        <source>branch off</source>
        <translation>ответвить беседу</translation>
    </message>
    <message>
        <source>read the attachments</source>
        <translation>прочитать вложения</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Ассистент</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Система</translation>
    </message>
    <message>
        <source>Stopped before the answer was finished.</source>
        <translation>Остановлено до завершения ответа.</translation>
    </message>
    <message>
        <source>Interrupted: Replicate Chat closed before the answer was finished.</source>
        <translation>Прервано: Replicate Chat закрылся до завершения ответа.</translation>
    </message>
    <message>
        <source>Still being written when this was exported.</source>
        <translation>Ответ ещё писался в момент экспорта.</translation>
    </message>
    <message>
        <source>The answer failed</source>
        <translation>Ответ завершился ошибкой</translation>
    </message>
    <message>
        <source>Status: {status}.</source>
        <translation>Состояние: {status}.</translation>
    </message>
    <message>
        <source>Untitled chat</source>
        <translation>Чат без названия</translation>
    </message>
    <message>
        <source>Model: {model}</source>
        <translation>Модель: {model}</translation>
    </message>
    <message>
        <source>Created {time}</source>
        <translation>Создан {time}</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>Обновлён {time}</translation>
    </message>
    <message>
        <source>version {number} of {count}</source>
        <translation>версия {number} из {count}</translation>
    </message>
    <message>
        <source>, shown</source>
        <translation>, показана</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Размышления</translation>
    </message>
    <message>
        <source>{count} characters</source>
        <translation>символов: {count}</translation>
    </message>
    <message>
        <source>Attached: {files}</source>
        <translation>Вложения: {files}</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <source>Export conversations</source>
        <translation>Экспорт чатов</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Export failed: %s</source>
        <translation>Не удалось экспортировать: %s</translation>
    </message>
    <message>
        <source>Exported to %s</source>
        <translation>Сохранено в %s</translation>
    </message>
    <message>
        <source>Exporting… {done} of {total} chats</source>
        <translation>Экспорт… {done} из {total} чатов</translation>
    </message>
</context>
<context>
    <name>Failures</name>
    <message>
        <source>No Replicate API token is set. Add one to start chatting.</source>
        <translation>Токен API Replicate не задан. Добавьте его, чтобы начать общение.</translation>
    </message>
    <message>
        <source>Replicate did not accept your API token (401). Check or replace it.</source>
        <translation>Replicate не принял ваш токен API (401). Проверьте или замените его.</translation>
    </message>
    <message>
        <source>Your Replicate account is out of credit (402). Add credit on the billing page, then retry.</source>
        <translation>На счёте Replicate закончились средства (402). Пополните счёт на странице оплаты и повторите попытку.</translation>
    </message>
    <message>
        <source>Replicate is limiting how fast requests can be made (429). Wait about {seconds} s, then retry.</source>
        <translation>Replicate ограничивает частоту запросов (429). Подождите около {seconds} с и повторите попытку.</translation>
    </message>
    <message>
        <source>Replicate is limiting how fast requests can be made (429).</source>
        <translation>Replicate ограничивает частоту запросов (429).</translation>
    </message>
    <message>
        <source>Replicate had a server problem ({status}). It is usually brief: retry in a moment.</source>
        <translation>На сервере Replicate произошла ошибка ({status}). Обычно это ненадолго: повторите попытку чуть позже.</translation>
    </message>
    <message>
        <source>A picture is larger than Replicate accepts (413). Remove it, or attach a smaller one.</source>
        <translation>Картинка больше, чем принимает Replicate (413). Уберите её или прикрепите поменьше.</translation>
    </message>
    <message>
        <source>{model} does not see pictures. Pick a model that does, and retry.</source>
        <translation>{model} не видит картинок. Выберите модель, которая их видит, и повторите.</translation>
    </message>
    <message>
        <source>Where {model} takes pictures could not be read just now. Retry in a moment.</source>
        <translation>Не удалось узнать, куда {model} принимает картинки. Повторите чуть позже.</translation>
    </message>
    <message>
        <source>Replicate has no model called “{model}”, or your account cannot see it (404). Pick another model in the toolbar or in Settings.</source>
        <translation>У Replicate нет модели «{model}», или она недоступна вашей учётной записи (404). Выберите другую модель на панели инструментов или в настройках.</translation>
    </message>
    <message>
        <source>no details given</source>
        <translation>подробности не указаны</translation>
    </message>
    <message>
        <source>The model rejected the request (422): {detail}. Adjust the settings ({shortcut}) and retry.</source>
        <translation>Модель отклонила запрос (422): {detail}. Измените настройки ({shortcut}) и повторите попытку.</translation>
    </message>
    <message>
        <source>The model stopped with an error: {detail}</source>
        <translation>Модель остановилась с ошибкой: {detail}</translation>
    </message>
    <message>
        <source>The prediction was canceled on Replicate before it finished.</source>
        <translation>Запрос был отменён на стороне Replicate до завершения.</translation>
    </message>
    <message>
        <source>Replicate did not answer in time: {problem}. Retry?</source>
        <translation>Replicate не ответил вовремя: {problem}. Повторить?</translation>
    </message>
    <message>
        <source>Could not reach Replicate: {problem}. Check your network connection, then retry.</source>
        <translation>Не удаётся связаться с Replicate: {problem}. Проверьте подключение к сети и повторите попытку.</translation>
    </message>
    <message>
        <source>Replicate sent an answer the app could not read: {problem}</source>
        <translation>Replicate прислал ответ, который приложение не смогло прочитать: {problem}</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({name}: {problem}). Retry?</source>
        <translation>Произошла непредвиденная ошибка ({name}: {problem}). Повторить?</translation>
    </message>
    <message>
        <source>This conversation is longer than {model} can read ({limit} tokens). Retry with a shorter history to send only the newest messages that fit.</source>
        <translation>Эта беседа длиннее, чем может прочитать {model} ({limit} токенов). Повторите с укороченной историей, чтобы отправить только самые новые сообщения, которые помещаются.</translation>
    </message>
    <message>
        <source>This conversation is longer than {model} can read. Retry with a shorter history to send only the newest messages that fit.</source>
        <translation>Эта беседа длиннее, чем может прочитать {model}. Повторите с укороченной историей, чтобы отправить только самые новые сообщения, которые помещаются.</translation>
    </message>
    <message>
        <source>The model spent its whole token budget on reasoning and wrote no answer. Raise Max tokens (max_completion_tokens, max_tokens) in Settings ({shortcut}), or lower the reasoning effort, then retry.</source>
        <translation>Модель потратила весь запас токенов на рассуждения и не написала ответа. Увеличьте «Макс. токенов» (max_completion_tokens, max_tokens) в настройках ({shortcut}) или уменьшите усилие рассуждения и повторите.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in this conversation</source>
        <translation>Найти в этом разговоре</translation>
    </message>
    <message>
        <source>Find in conversation</source>
        <translation>Поиск в разговоре</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Предыдущее совпадение (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Следующее совпадение (Enter)</translation>
    </message>
    <message>
        <source>Close the find bar</source>
        <translation>Закрыть панель поиска</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Не найдено</translation>
    </message>
    <message>
        <source>{current} of {total}</source>
        <translation>{current} из {total}</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Picture {name}</source>
        <translation>Картинка {name}</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>Копировать изображение</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Replicate Chat</source>
        <translation>Replicate Chat</translation>
    </message>
    <message>
        <source> — Demo</source>
        <translation> — демонстрация</translation>
    </message>
    <message>
        <source>Demo: no account</source>
        <translation>Демонстрация: без учётной записи</translation>
    </message>
    <message>
        <source>Welcome! Paste your Replicate API token to start.</source>
        <translation>Добро пожаловать! Чтобы начать, вставьте свой токен API Replicate.</translation>
    </message>
    <message>
        <source>Something went wrong: %s</source>
        <translation>Что-то пошло не так: %s</translation>
    </message>
    <message>
        <source>A Replicate API token is needed to send messages.</source>
        <translation>Чтобы отправлять сообщения, нужен токен API Replicate.</translation>
    </message>
    <message>
        <source>There is no answer to copy yet.</source>
        <translation>Копировать пока нечего: ответов ещё нет.</translation>
    </message>
    <message>
        <source>Model: %s</source>
        <translation>Модель: %s</translation>
    </message>
    <message>
        <source>The language changes the next time Replicate Chat starts.</source>
        <translation>Язык сменится при следующем запуске Replicate Chat.</translation>
    </message>
    <message>
        <source>The demo needs no token.</source>
        <translation>В демонстрационном режиме токен не нужен.</translation>
    </message>
    <message>
        <source>Token: from REPLICATE_API_TOKEN</source>
        <translation>Токен: из REPLICATE_API_TOKEN</translation>
    </message>
    <message>
        <source>Token: system keyring</source>
        <translation>Токен: системная связка ключей</translation>
    </message>
    <message>
        <source>Token: this session only</source>
        <translation>Токен: только на этот сеанс</translation>
    </message>
    <message>
        <source>No API token</source>
        <translation>Нет токена API</translation>
    </message>
    <message>
        <source>Nothing to export yet: send a message first.</source>
        <translation>Экспортировать пока нечего: сначала отправьте сообщение.</translation>
    </message>
    <message>
        <source>Message box</source>
        <translation>Поле сообщения</translation>
    </message>
    <message>
        <source>Conversation list</source>
        <translation>Список чатов</translation>
    </message>
    <message>
        <source>About Replicate Chat</source>
        <translation>О программе Replicate Chat</translation>
    </message>
    <message>
        <source>Replicate Chat %s
A desktop chat client for the models hosted on Replicate.</source>
        <translation>Replicate Chat %s
Настольный клиент для общения с моделями, размещёнными на Replicate.</translation>
    </message>
    <message>
        <source>Could not save the settings: %s</source>
        <translation>Не удалось сохранить настройки: %s</translation>
    </message>
    <message>
        <source>Demo mode: replies come from Replicate Chat&apos;s built-in stand-in server on this computer. No Replicate account is used and no real model runs.</source>
        <translation>Демонстрационный режим: ответы приходят от встроенного в Replicate Chat сервера-заменителя на этом компьютере. Учётная запись Replicate не используется, настоящие модели не запускаются.</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Демонстрационный режим</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Основная панель инструментов</translation>
    </message>
    <message>
        <source>{name} (demo, {tokens} tokens of context)</source>
        <translation>{name} (демо, контекст {tokens} токенов)</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Модель:</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Where the API token comes from</source>
        <translation>Откуда взят токен API</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;Новый чат</translation>
    </message>
    <message>
        <source>Start a new chat</source>
        <translation>Начать новый чат</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <source>Export chat as &amp;Markdown…</source>
        <translation>&amp;Экспорт чата в Markdown…</translation>
    </message>
    <message>
        <source>Save this chat as a Markdown file</source>
        <translation>Сохранить этот чат в файл Markdown</translation>
    </message>
    <message>
        <source>Export chat as &amp;JSON…</source>
        <translation>Экс&amp;порт чата в JSON…</translation>
    </message>
    <message>
        <source>Save this chat as a JSON file</source>
        <translation>Сохранить этот чат в файл JSON</translation>
    </message>
    <message>
        <source>Export all chats as JS&amp;ON…</source>
        <translation>Экспорт всех &amp;чатов в JSON…</translation>
    </message>
    <message>
        <source>Save every chat in one JSON file</source>
        <translation>Сохранить все чаты в один файл JSON</translation>
    </message>
    <message>
        <source>Export all chats as Mar&amp;kdown…</source>
        <translation>Экспорт все&amp;х чатов в Markdown…</translation>
    </message>
    <message>
        <source>Save every chat in one Markdown file</source>
        <translation>Сохранить все чаты в один файл Markdown</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>Quit Replicate Chat</source>
        <translation>Выйти из Replicate Chat</translation>
    </message>
    <message>
        <source>&amp;Copy last answer</source>
        <translation>&amp;Копировать последний ответ</translation>
    </message>
    <message>
        <source>Copy the last answer as the model wrote it</source>
        <translation>Скопировать последний ответ в том виде, в каком его написала модель</translation>
    </message>
    <message>
        <source>&amp;Search chats</source>
        <translation>&amp;Поиск по чатам</translation>
    </message>
    <message>
        <source>Search the titles and messages of all chats</source>
        <translation>Искать в названиях и сообщениях всех чатов</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>Model parameters, theme and language</source>
        <translation>Параметры модели, тема и язык</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>&amp;Find in conversation…</source>
        <translation>&amp;Найти в разговоре…</translation>
    </message>
    <message>
        <source>Find words in this conversation, in every message of it</source>
        <translation>Найти слова в этом разговоре, во всех его сообщениях</translation>
    </message>
    <message>
        <source>&amp;Attach files…</source>
        <translation>&amp;Прикрепить файлы…</translation>
    </message>
    <message>
        <source>Attach pictures or documents to the next message</source>
        <translation>Прикрепить картинки или документы к следующему сообщению</translation>
    </message>
    <message>
        <source>S&amp;top reply</source>
        <translation>&amp;Остановить ответ</translation>
    </message>
    <message>
        <source>Stop the reply that is streaming</source>
        <translation>Остановить ответ, который сейчас приходит</translation>
    </message>
    <message>
        <source>&amp;Regenerate last answer</source>
        <translation>Сгенерировать последний ответ &amp;заново</translation>
    </message>
    <message>
        <source>Ask for a new version of the last answer; the old one stays</source>
        <translation>Попросить новую версию последнего ответа; старая остаётся</translation>
    </message>
    <message>
        <source>&amp;Previous version</source>
        <translation>Пр&amp;едыдущая версия</translation>
    </message>
    <message>
        <source>Show the previous version of the message with the focus</source>
        <translation>Показать предыдущую версию сообщения в фокусе</translation>
    </message>
    <message>
        <source>Ne&amp;xt version</source>
        <translation>С&amp;ледующая версия</translation>
    </message>
    <message>
        <source>Show the next version of the message with the focus</source>
        <translation>Показать следующую версию сообщения в фокусе</translation>
    </message>
    <message>
        <source>Replicate API &amp;token…</source>
        <translation>&amp;Токен API Replicate…</translation>
    </message>
    <message>
        <source>Add, replace or remove your Replicate API token</source>
        <translation>Добавить, заменить или удалить токен API Replicate</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>Токен API</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <source>List every keyboard shortcut</source>
        <translation>Показать все сочетания клавиш</translation>
    </message>
    <message>
        <source>&amp;About Replicate Chat</source>
        <translation>&amp;О программе Replicate Chat</translation>
    </message>
    <message>
        <source>The version of Replicate Chat</source>
        <translation>Версия Replicate Chat</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Чат</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>There is no answer to regenerate.</source>
        <translation>Нет ответа, который можно сгенерировать заново.</translation>
    </message>
    <message>
        <source>Move to a message with versions to switch them.</source>
        <translation>Перейдите к сообщению с версиями, чтобы переключать их.</translation>
    </message>
    <message>
        <source>Versions can be switched after the reply.</source>
        <translation>Версии можно переключать после ответа.</translation>
    </message>
    <message>
        <source>A chat can be branched off after the reply.</source>
        <translation>Ответвить беседу можно после ответа.</translation>
    </message>
    <message>
        <source>{title} (branch)</source>
        <translation>{title} (ответвление)</translation>
    </message>
    <message>
        <source>Branched off into a new chat.</source>
        <translation>Ответвлено в новую беседу.</translation>
    </message>
    <message>
        <source>Versions can be deleted after the reply.</source>
        <translation>Версии можно удалять после ответа.</translation>
    </message>
    <message>
        <source>Deleted a version.</source>
        <translation>Версия удалена.</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Отменить удаление</translation>
    </message>
    <message>
        <source>Bring the deleted version back</source>
        <translation>Вернуть удалённую версию</translation>
    </message>
    <message>
        <source>Documents ({suffixes})</source>
        <translation>Документы ({suffixes})</translation>
    </message>
    <message>
        <source>Pictures and documents ({suffixes})</source>
        <translation>Картинки и документы ({suffixes})</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Прикрепить файлы</translation>
    </message>
    <message>
        <source>Pasted picture.png</source>
        <translation>Вставленная картинка.png</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Чтение {name}…</translation>
    </message>
    <message>
        <source>{model} does not see pictures: they will not be sent to it.</source>
        <translation>{model} не видит картинок: они не будут ей отправлены.</translation>
    </message>
    <message>
        <source>{model} takes one picture per message: only the last is sent.</source>
        <translation>{model} принимает одну картинку на сообщение: отправится только последняя.</translation>
    </message>
    <message>
        <source>{model} takes {count} pictures at most: the last {count} go.</source>
        <translation>{model} принимает не больше {count} картинок: отправятся последние {count}.</translation>
    </message>
    <message>
        <source>{model} does not see pictures, so {name} was not attached. Choose a model that does (Claude, GPT-4o, GPT-5, Gemini) to send it.</source>
        <translation>{model} не видит картинок, поэтому {name} не прикреплена. Чтобы отправить её, выберите модель, которая их видит (Claude, GPT-4o, GPT-5, Gemini).</translation>
    </message>
    <message>
        <source>That file is no longer in the store.</source>
        <translation>Этого файла больше нет в хранилище.</translation>
    </message>
    <message>
        <source>No application could open {name}.</source>
        <translation>Ни одно приложение не смогло открыть {name}.</translation>
    </message>
</context>
<context>
    <name>MessageBody</name>
    <message>
        <source>Copy code</source>
        <translation>Копировать код</translation>
    </message>
    <message>
        <source>text</source>
        <comment>the language label of a code block that names none</comment>
        <translation>текст</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Change this question and ask again from here</source>
        <translation>Изменить этот вопрос и спросить заново с этого места</translation>
    </message>
    <message>
        <source>Your message</source>
        <translation>Ваше сообщение</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Copied code</source>
        <translation>Код скопирован</translation>
    </message>
    <message>
        <source>Edit question</source>
        <translation>Изменить вопрос</translation>
    </message>
    <message>
        <source>Tab moves through its links; Shift with the arrow keys selects text</source>
        <translation>Tab переходит по ссылкам; Shift со стрелками выделяет текст</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Ассистент</translation>
    </message>
    <message>
        <source>Answer from {model}</source>
        <translation>Ответ модели {model}</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Copy answer</source>
        <translation>Копировать ответ</translation>
    </message>
    <message>
        <source>Copy the answer&apos;s markdown, exactly as written</source>
        <translation>Скопировать ответ в Markdown — в точности как он написан</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>Копировать как текст</translation>
    </message>
    <message>
        <source>Copy answer as text</source>
        <translation>Копировать ответ как текст</translation>
    </message>
    <message>
        <source>Copy the answer without markdown</source>
        <translation>Скопировать ответ без разметки Markdown</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Сгенерировать заново</translation>
    </message>
    <message>
        <source>Regenerate answer</source>
        <translation>Сгенерировать ответ заново</translation>
    </message>
    <message>
        <source>Ask the model for a new answer</source>
        <translation>Попросить модель ответить по-другому</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Остановлено</translation>
    </message>
    <message>
        <source>Interrupted — the app closed before the answer finished</source>
        <translation>Прервано — приложение закрылось до конца ответа</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>Ожидание модели…</translation>
    </message>
    <message>
        <source>Set API token…</source>
        <translation>Указать токен API…</translation>
    </message>
    <message>
        <source>Set API token</source>
        <translation>Указать токен API</translation>
    </message>
    <message>
        <source>Open the API token dialog</source>
        <translation>Открыть окно токена API</translation>
    </message>
    <message>
        <source>Open billing page</source>
        <translation>Открыть страницу оплаты</translation>
    </message>
    <message>
        <source>Add credit on Replicate&apos;s billing page, in your browser</source>
        <translation>Пополнить баланс на странице оплаты Replicate в браузере</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Retry answer</source>
        <translation>Повторить ответ</translation>
    </message>
    <message>
        <source>Ask the model again</source>
        <translation>Спросить модель ещё раз</translation>
    </message>
    <message>
        <source>Retry with a shorter history</source>
        <translation>Повторить с укороченной историей</translation>
    </message>
    <message>
        <source>Ask again, sending only the newest messages that fit the model&apos;s context</source>
        <translation>Спросить снова, отправив только самые новые сообщения, которые помещаются в контекст модели</translation>
    </message>
    <message>
        <source>Copied answer</source>
        <translation>Ответ скопирован</translation>
    </message>
    <message>
        <source>Copied answer as text</source>
        <translation>Ответ скопирован как текст</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>Предыдущая версия</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>Следующая версия</translation>
    </message>
    <message>
        <source>Show the previous version of this answer (Alt+Left)</source>
        <translation>Показать предыдущую версию этого ответа (Alt+Left)</translation>
    </message>
    <message>
        <source>Show the next version of this answer (Alt+Right)</source>
        <translation>Показать следующую версию этого ответа (Alt+Right)</translation>
    </message>
    <message>
        <source>Show the previous version of this question (Alt+Left)</source>
        <translation>Показать предыдущую версию этого вопроса (Alt+Left)</translation>
    </message>
    <message>
        <source>Show the next version of this question (Alt+Right)</source>
        <translation>Показать следующую версию этого вопроса (Alt+Right)</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>Другие действия</translation>
    </message>
    <message>
        <source>Versions, branching off and more</source>
        <translation>Версии, ответвление и другое</translation>
    </message>
    <message>
        <source>Version {index} of {count}</source>
        <translation>Версия {index} из {count}</translation>
    </message>
    <message>
        <source>Regenerate with</source>
        <translation>Сгенерировать заново моделью</translation>
    </message>
    <message>
        <source>Branch off into a new chat</source>
        <translation>Ответвить в новую беседу</translation>
    </message>
    <message>
        <source>Copy the conversation up to here into a new chat, and open it</source>
        <translation>Скопировать беседу до этого места в новую беседу и открыть её</translation>
    </message>
    <message>
        <source>Delete this version</source>
        <translation>Удалить эту версию</translation>
    </message>
    <message>
        <source>Copy thinking</source>
        <translation>Копировать размышления</translation>
    </message>
    <message>
        <source>Copy the model&apos;s thinking, without the answer</source>
        <translation>Скопировать размышления модели, без ответа</translation>
    </message>
    <message>
        <source>The model&apos;s thinking</source>
        <translation>Размышления модели</translation>
    </message>
    <message>
        <source>Copied thinking</source>
        <translation>Размышления скопированы</translation>
    </message>
    <message>
        <source>Thinking… {seconds} s</source>
        <translation>Размышляет… {seconds} с</translation>
    </message>
    <message>
        <source>Thinking, {seconds} seconds so far</source>
        <translation>Размышляет, прошло {seconds} с</translation>
    </message>
    <message>
        <source>Thought for {seconds} s</source>
        <translation>Размышляла {seconds} с</translation>
    </message>
    <message>
        <source>Thought for {seconds} seconds</source>
        <translation>Размышляла {seconds} с</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Размышления</translation>
    </message>
    <message>
        <source>Hide the model&apos;s thinking</source>
        <translation>Скрыть размышления модели</translation>
    </message>
    <message>
        <source>Show the model&apos;s thinking</source>
        <translation>Показать размышления модели</translation>
    </message>
</context>
<context>
    <name>MetricsSummary</name>
    <message>
        <source>{seconds} s to first token</source>
        <translation>{seconds} с до первого токена</translation>
    </message>
    <message>
        <source>{rate} tokens/s</source>
        <translation>{rate} токенов/с</translation>
    </message>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation>
            <numerusform>%Ln токен</numerusform>
            <numerusform>%Ln токена</numerusform>
            <numerusform>%Ln токенов</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelCombo</name>
    <message>
        <source>The model that answers: pick one, or type owner/name[:version]</source>
        <translation>Модель, которая отвечает: выберите из списка или введите владелец/имя[:версия]</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
</context>
<context>
    <name>ModelMemory</name>
    <message>
        <source>the value set in Settings</source>
        <translation>значение из настроек</translation>
    </message>
    <message>
        <source>learned from the model&apos;s own error message</source>
        <translation>узнано из сообщения об ошибке самой модели</translation>
    </message>
    <message>
        <source>Some of what the app had learned about models&apos; context windows could not be read; it will be learned again.</source>
        <translation>Часть сведений об окнах контекста моделей не удалось прочитать; приложение узнает их заново.</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>The model that answers: pick one, or type any owner/name[:version]</source>
        <translation>Модель, которая отвечает: выберите из списка или введите любую в виде owner/name[:version]</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Название модели</translation>
    </message>
    <message>
        <source>Model name problem</source>
        <translation>Ошибка в названии модели</translation>
    </message>
    <message>
        <source>Search Replicate…</source>
        <translation>Поиск на Replicate…</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Очистить поиск</translation>
    </message>
    <message>
        <source>Search Replicate&apos;s models</source>
        <translation>Поиск моделей Replicate</translation>
    </message>
    <message>
        <source>Connect a Replicate API token to search Replicate&apos;s models</source>
        <translation>Подключите токен API Replicate, чтобы искать модели Replicate</translation>
    </message>
    <message>
        <source>Search Replicate&apos;s chat models by name, description or tag</source>
        <translation>Поиск чат-моделей Replicate по названию, описанию или тегу</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <source>Click a model to use it</source>
        <translation>Нажмите на модель, чтобы выбрать её</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>Состояние поиска</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <source> (official)</source>
        <translation> (официальная)</translation>
    </message>
    <message>
        <source>No chat models match “%s”.</source>
        <translation>Чат-моделей по запросу «%s» не найдено.</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Notice</source>
        <translation>Уведомление</translation>
    </message>
    <message>
        <source>Dismiss this notice</source>
        <translation>Закрыть это уведомление</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>Закрыть уведомление</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <source>%s problem</source>
        <translation>%s: ошибка</translation>
    </message>
    <message>
        <source>%s (model default)</source>
        <translation>%s (по умолчанию у модели)</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>По умолчанию у модели</translation>
    </message>
    <message>
        <source>Leave it empty for the model’s default.</source>
        <translation>Оставьте пустым, чтобы использовать значение модели по умолчанию.</translation>
    </message>
    <message>
        <source>Between {low} and {high} (default {default}).</source>
        <translation>От {low} до {high} (по умолчанию {default}).</translation>
    </message>
    <message>
        <source>Between {low} and {high}.</source>
        <translation>От {low} до {high}.</translation>
    </message>
    <message>
        <source>{low} or more (default {default}).</source>
        <translation>Не меньше {low} (по умолчанию {default}).</translation>
    </message>
    <message>
        <source>{low} or more.</source>
        <translation>Не меньше {low}.</translation>
    </message>
    <message>
        <source>Up to {high} (default {default}).</source>
        <translation>Не больше {high} (по умолчанию {default}).</translation>
    </message>
    <message>
        <source>Up to {high}.</source>
        <translation>Не больше {high}.</translation>
    </message>
    <message>
        <source>Default {default}.</source>
        <translation>По умолчанию {default}.</translation>
    </message>
</context>
<context>
    <name>ParameterForm</name>
    <message>
        <source>Randomness of the reply: lower is more focused, higher more varied.</source>
        <translation>Случайность ответа: чем ниже, тем он сосредоточеннее, чем выше — тем разнообразнее.</translation>
    </message>
    <message>
        <source>Nucleus sampling: only the likeliest tokens whose probabilities add up to p.</source>
        <translation>Ядерная выборка: только самые вероятные токены, сумма вероятностей которых равна p.</translation>
    </message>
    <message>
        <source>Only the k likeliest next tokens are considered.</source>
        <translation>Учитываются только k самых вероятных следующих токенов.</translation>
    </message>
    <message>
        <source>The longest reply, in tokens.</source>
        <translation>Максимальная длина ответа в токенах.</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Макс. токенов</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Системный промпт</translation>
    </message>
    <message>
        <source>Instructions the model follows for the whole conversation</source>
        <translation>Указания, которым модель следует на протяжении всего чата</translation>
    </message>
    <message>
        <source>System prompt note</source>
        <translation>Примечание о системном промпте</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>Стоп-последовательности</translation>
    </message>
    <message>
        <source>The reply ends where the model writes one of these. One per line.</source>
        <translation>Ответ обрывается, как только модель напишет одну из них. По одной на строку.</translation>
    </message>
    <message>
        <source>Stop sequences problem</source>
        <translation>Ошибка в стоп-последовательностях</translation>
    </message>
    <message>
        <source>None: the model&apos;s own behaviour</source>
        <translation>Нет: модель ведёт себя по-своему</translation>
    </message>
    <message>
        <source>One per line; empty: the model&apos;s defaults</source>
        <translation>По одной на строку; пусто — значения модели по умолчанию</translation>
    </message>
    <message>
        <source>Sent as %s.</source>
        <translation>Передаётся как %s.</translation>
    </message>
    <message>
        <source>%s (model default)</source>
        <translation>%s (по умолчанию у модели)</translation>
    </message>
    <message>
        <source>This model has no system prompt input: the system prompt is sent as part of the conversation.</source>
        <translation>У этой модели нет поля для системного промпта: он передаётся как часть переписки.</translation>
    </message>
    <message>
        <source>%s
(model default)</source>
        <translation>%s
(по умолчанию у модели)</translation>
    </message>
    <message>
        <source>One per line; empty: none</source>
        <translation>По одной на строку; пусто — нет</translation>
    </message>
</context>
<context>
    <name>QuestionEditor</name>
    <message>
        <source>Edit your message</source>
        <translation>Изменение сообщения</translation>
    </message>
    <message>
        <source>Change the question: {send} asks again, {cancel} keeps it as it was</source>
        <translation>Измените вопрос: {send} — спросить заново, {cancel} — оставить как было</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Keep the question as it was ({key})</source>
        <translation>Оставить вопрос как был ({key})</translation>
    </message>
    <message>
        <source>Ask again from this question ({key})</source>
        <translation>Спросить заново с этого вопроса ({key})</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>Отменить изменение</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Send edited message</source>
        <translation>Отправить изменённое сообщение</translation>
    </message>
</context>
<context>
    <name>ReasoningForm</name>
    <message>
        <source>Reasoning</source>
        <translation>Рассуждения</translation>
    </message>
    <message>
        <source>Model default ({value})</source>
        <translation>По умолчанию модели ({value})</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>По умолчанию модели</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>just now</source>
        <translation>только что</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n мин</numerusform>
            <numerusform>%n мин</numerusform>
            <numerusform>%n мин</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n ч</numerusform>
            <numerusform>%n ч</numerusform>
            <numerusform>%n ч</numerusform>
        </translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>the model</source>
        <translation>модель</translation>
    </message>
    <message>
        <source>the temperature</source>
        <translation>температура</translation>
    </message>
    <message>
        <source>top p</source>
        <translation>top p</translation>
    </message>
    <message>
        <source>top k</source>
        <translation>top k</translation>
    </message>
    <message>
        <source>the maximum number of tokens</source>
        <translation>максимальное число токенов</translation>
    </message>
    <message>
        <source>the system prompt</source>
        <translation>системный промпт</translation>
    </message>
    <message>
        <source>the stop sequences</source>
        <translation>стоп-последовательности</translation>
    </message>
    <message>
        <source>the number of turns sent</source>
        <translation>число отправляемых обменов</translation>
    </message>
    <message>
        <source>the reasoning settings</source>
        <translation>настройки рассуждений</translation>
    </message>
    <message>
        <source>The unknown setting {name} was ignored.</source>
        <translation>Неизвестный параметр {name} пропущен.</translation>
    </message>
    <message>
        <source>The generation settings are not a JSON object; the defaults are used.</source>
        <translation>Параметры генерации не являются объектом JSON; используются значения по умолчанию.</translation>
    </message>
    <message>
        <source>The value for {field} was ignored: {problem}</source>
        <translation>Значение параметра «{field}» пропущено: {problem}</translation>
    </message>
    <message>
        <source>The settings file does not hold a JSON object.</source>
        <translation>Файл настроек не содержит объекта JSON.</translation>
    </message>
    <message>
        <source>The setting {name} was ignored: {problem}</source>
        <translation>Параметр {name} пропущен: {problem}</translation>
    </message>
    <message>
        <source>Use system, light or dark.</source>
        <translation>Допустимые значения: system, light или dark.</translation>
    </message>
    <message>
        <source>Use system or a language code such as de or pt_BR.</source>
        <translation>Укажите system или код языка, например de или pt_BR.</translation>
    </message>
    <message>
        <source>It is not a saved window geometry.</source>
        <translation>Это не сохранённое положение окна.</translation>
    </message>
    <message>
        <source>The settings file {path} could not be read ({problem}); the defaults are used.</source>
        <translation>Не удалось прочитать файл настроек {path} ({problem}); используются значения по умолчанию.</translation>
    </message>
    <message>
        <source>it is not valid JSON</source>
        <translation>это некорректный JSON</translation>
    </message>
    <message>
        <source>it does not hold a JSON object</source>
        <translation>в нём нет объекта JSON</translation>
    </message>
    <message>
        <source>it was written by a newer version of Replicate Chat (settings version {version})</source>
        <translation>он записан более новой версией Replicate Chat (версия настроек {version})</translation>
    </message>
    <message>
        <source>The settings version is not one this app knows.</source>
        <translation>Эта версия настроек приложению неизвестна.</translation>
    </message>
    <message>
        <source>some of its values could not be used</source>
        <translation>часть значений не удалось использовать</translation>
    </message>
    <message>
        <source>The settings file {path} could not be used in full ({reason}); the defaults stand in for what could not be read. A copy was kept as {copy}.</source>
        <translation>Файл настроек {path} удалось использовать не полностью ({reason}); вместо непрочитанного используются значения по умолчанию. Копия файла сохранена как {copy}.</translation>
    </message>
    <message>
        <source>The settings file {path} could not be used in full ({reason}); the defaults stand in for what could not be read. No copy of it could be kept, so the next save replaces it.</source>
        <translation>Файл настроек {path} удалось использовать не полностью ({reason}); вместо непрочитанного используются значения по умолчанию. Сохранить его копию не удалось, поэтому при следующем сохранении он будет заменён.</translation>
    </message>
    <message>
        <source>It is not a set of reasoning settings.</source>
        <translation>Это не набор настроек рассуждений.</translation>
    </message>
    <message>
        <source>{name} is not a reasoning setting this app knows.</source>
        <translation>{name} — неизвестная приложению настройка рассуждений.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Apply to</source>
        <translation>Применить к</translation>
    </message>
    <message>
        <source>This conversation only (“%s”)</source>
        <translation>Только к этому чату («%s»)</translation>
    </message>
    <message>
        <source>This conversation only</source>
        <translation>Только к этому чату</translation>
    </message>
    <message>
        <source>Only the open conversation uses these settings; it remembers them</source>
        <translation>Эти настройки использует только открытый чат и запоминает их</translation>
    </message>
    <message>
        <source>Default for new conversations</source>
        <translation>По умолчанию для новых чатов</translation>
    </message>
    <message>
        <source>New conversations start with these settings; a conversation keeps only the values it changed itself</source>
        <translation>Новые чаты начинаются с этими настройками; чат хранит только те значения, которые изменил сам</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Модель</translation>
    </message>
    <message>
        <source>Model parameters status</source>
        <translation>Состояние параметров модели</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Оформление</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <source>Use these settings</source>
        <translation>Применить эти настройки</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Закрыть без изменений</translation>
    </message>
    <message>
        <source>Reset to model defaults</source>
        <translation>Сбросить к значениям модели</translation>
    </message>
    <message>
        <source>Clear every value so the model&apos;s own defaults apply; the model stays</source>
        <translation>Очистить все значения, чтобы действовали значения модели по умолчанию; модель не меняется</translation>
    </message>
    <message>
        <source>For the whole app, not only this conversation.</source>
        <translation>Для всего приложения, а не только для этого чата.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Светлая</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Тёмная</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Light or dark colours, or the system&apos;s colour scheme</source>
        <translation>Светлые или тёмные цвета либо цветовая схема системы</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Тема</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The language of the app; takes effect after a restart</source>
        <translation>Язык приложения; применяется после перезапуска</translation>
    </message>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>Применится после перезапуска.</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>Connect a Replicate token to load this model&apos;s parameters.</source>
        <translation>Подключите токен Replicate, чтобы загрузить параметры этой модели.</translation>
    </message>
    <message>
        <source>Loading model parameters…</source>
        <translation>Загрузка параметров модели…</translation>
    </message>
    <message>
        <source>This model&apos;s parameters could not be read.</source>
        <translation>Не удалось прочитать параметры этой модели.</translation>
    </message>
    <message>
        <source>%s The usual parameters are shown, with safe ranges.</source>
        <translation>%s Показаны обычные параметры с безопасными диапазонами.</translation>
    </message>
    <message>
        <source>This does not look like a chat model: it takes neither a prompt nor messages.</source>
        <translation>Это не похоже на чат-модель: она не принимает ни промпт, ни сообщения.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Сочетание клавиш</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of Replicate Chat</source>
        <translation>Все сочетания клавиш Replicate Chat</translation>
    </message>
    <message>
        <source>Close this list (%s)</source>
        <translation>Закрыть этот список (%s)</translation>
    </message>
</context>
<context>
    <name>TokenDialog</name>
    <message>
        <source>Replicate API token</source>
        <translation>Токен API Replicate</translation>
    </message>
    <message>
        <source>Why this dialog opened</source>
        <translation>Почему открылось это окно</translation>
    </message>
    <message>
        <source>Token status</source>
        <translation>Состояние токена</translation>
    </message>
    <message>
        <source>How to change the environment token</source>
        <translation>Как сменить токен из переменной окружения</translation>
    </message>
    <message>
        <source>To use a different token, change or unset REPLICATE_API_TOKEN and start Replicate Chat again.</source>
        <translation>Чтобы использовать другой токен, измените или удалите переменную REPLICATE_API_TOKEN и перезапустите Replicate Chat.</translation>
    </message>
    <message>
        <source>Where to get a token</source>
        <translation>Где получить токен</translation>
    </message>
    <message>
        <source>Create a token on Replicate&apos;s API tokens page: &lt;a href=&quot;{url}&quot;&gt;replicate.com/account/api-tokens&lt;/a&gt;</source>
        <translation>Создайте токен на странице токенов API Replicate: &lt;a href=&quot;{url}&quot;&gt;replicate.com/account/api-tokens&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Keyring problem</source>
        <translation>Проблема со связкой ключей</translation>
    </message>
    <message>
        <source>Paste your API token (r8_…)</source>
        <translation>Вставьте токен API (r8_…)</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>Токен API</translation>
    </message>
    <message>
        <source>Your Replicate API token; it is hidden as you type</source>
        <translation>Ваш токен API Replicate; при вводе он скрыт</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Show token</source>
        <translation>Показать токен</translation>
    </message>
    <message>
        <source>Show or hide the typed token</source>
        <translation>Показать или скрыть введённый токен</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>Talking to Replicate or the keyring</source>
        <translation>Идёт обращение к Replicate или к связке ключей</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Заменить…</translation>
    </message>
    <message>
        <source>Paste a new token to replace the saved one</source>
        <translation>Вставить новый токен вместо сохранённого</translation>
    </message>
    <message>
        <source>Remove token</source>
        <translation>Удалить токен</translation>
    </message>
    <message>
        <source>Delete the token from the system keyring and stop using it</source>
        <translation>Удалить токен из системной связки ключей и больше не использовать его</translation>
    </message>
    <message>
        <source>Use for this session only</source>
        <translation>Только на этот сеанс</translation>
    </message>
    <message>
        <source>Check the token and keep it in memory until Replicate Chat quits</source>
        <translation>Проверить токен и хранить его в памяти до выхода из Replicate Chat</translation>
    </message>
    <message>
        <source>Validate and save</source>
        <translation>Проверить и сохранить</translation>
    </message>
    <message>
        <source>Check the token with Replicate, then save it in the system keyring</source>
        <translation>Проверить токен в Replicate, затем сохранить его в системной связке ключей</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Close this dialog</source>
        <translation>Закрыть это окно</translation>
    </message>
    <message>
        <source>Using the token from the environment variable REPLICATE_API_TOKEN.</source>
        <translation>Используется токен из переменной окружения REPLICATE_API_TOKEN.</translation>
    </message>
    <message>
        <source>A token is saved in the system keyring.</source>
        <translation>Токен сохранён в системной связке ключей.</translation>
    </message>
    <message>
        <source>A token is in use for this session only; it is not saved anywhere.</source>
        <translation>Токен используется только в этом сеансе и нигде не сохранён.</translation>
    </message>
    <message>
        <source>No token is saved yet.</source>
        <translation>Токен ещё не сохранён.</translation>
    </message>
    <message>
        <source>Disabled: the token comes from REPLICATE_API_TOKEN</source>
        <translation>Недоступно: токен берётся из REPLICATE_API_TOKEN</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Скрыть</translation>
    </message>
    <message>
        <source>Removing the token…</source>
        <translation>Удаление токена…</translation>
    </message>
    <message>
        <source>Paste a token first.</source>
        <translation>Сначала вставьте токен.</translation>
    </message>
    <message>
        <source>Checking the token with Replicate…</source>
        <translation>Проверка токена в Replicate…</translation>
    </message>
    <message>
        <source>Something went wrong: %s</source>
        <translation>Что-то пошло не так: %s</translation>
    </message>
    <message>
        <source>Replicate did not accept this token. Check that you copied all of it, or create a new one on your API tokens page.</source>
        <translation>Replicate не принял этот токен. Убедитесь, что скопировали его целиком, или создайте новый на странице токенов API.</translation>
    </message>
    <message>
        <source>Could not reach Replicate: %s</source>
        <translation>Не удаётся связаться с Replicate: %s</translation>
    </message>
    <message>
        <source>Replicate could not check the token: %s</source>
        <translation>Replicate не смог проверить токен: %s</translation>
    </message>
    <message>
        <source>Signed in as %s. The token is used for this session only and is not saved.</source>
        <translation>Выполнен вход как %s. Токен используется только в этом сеансе и не сохраняется.</translation>
    </message>
    <message>
        <source>Saving the token in the system keyring…</source>
        <translation>Сохранение токена в системной связке ключей…</translation>
    </message>
    <message>
        <source>Signed in as %s, but the token could not be saved: %s</source>
        <translation>Выполнен вход как %s, но сохранить токен не удалось: %s</translation>
    </message>
    <message>
        <source>Signed in as %s. The token is saved in the system keyring.</source>
        <translation>Выполнен вход как %s. Токен сохранён в системной связке ключей.</translation>
    </message>
    <message>
        <source>The token could not be removed from the keyring: %s</source>
        <translation>Не удалось удалить токен из связки ключей: %s</translation>
    </message>
    <message>
        <source>The saved token was removed, but REPLICATE_API_TOKEN is still set and stays in use.</source>
        <translation>Сохранённый токен удалён, но переменная REPLICATE_API_TOKEN по-прежнему задана и используется.</translation>
    </message>
    <message>
        <source>The token was removed.</source>
        <translation>Токен удалён.</translation>
    </message>
</context>
<context>
    <name>TokenStore</name>
    <message>
        <source>No system keyring is available (no Secret Service on D-Bus), so the token cannot be saved. You can use it for this session only.</source>
        <translation>Системная связка ключей недоступна (на D-Bus нет Secret Service), поэтому токен нельзя сохранить. Его можно использовать только в этом сеансе.</translation>
    </message>
    <message>
        <source>The configured keyring ({name}) does not protect secrets, so Replicate Chat does not use it. You can use the token for this session only.</source>
        <translation>Настроенная связка ключей ({name}) не защищает секреты, поэтому Replicate Chat её не использует. Токен можно использовать только в этом сеансе.</translation>
    </message>
    <message>
        <source>The system keyring is locked, or its unlock prompt was dismissed, so the token cannot be read or saved. You can use a token for this session only.</source>
        <translation>Системная связка ключей заблокирована или запрос на её разблокировку был отклонён, поэтому токен нельзя прочитать или сохранить. Токен можно использовать только в этом сеансе.</translation>
    </message>
    <message>
        <source>The system keyring is turned off for Python programs (keyring&apos;s null backend), so the token cannot be saved. You can use it for this session only.</source>
        <translation>Системная связка ключей отключена для программ на Python (пустой бэкенд keyring), поэтому токен нельзя сохранить. Его можно использовать только в этом сеансе.</translation>
    </message>
    <message>
        <source>The system keyring did not answer within {seconds} seconds (it may be waiting to be unlocked). You can use a token for this session only.</source>
        <translation>Системная связка ключей не ответила за {seconds} с (возможно, она ждёт разблокировки). Токен можно использовать только в этом сеансе.</translation>
    </message>
    <message>
        <source>The system keyring reported an error ({detail}). You can use a token for this session only.</source>
        <translation>Системная связка ключей сообщила об ошибке ({detail}). Токен можно использовать только в этом сеансе.</translation>
    </message>
    <message>
        <source>REPLICATE_API_TOKEN contains spaces or line breaks, so it is ignored. Set it again from https://replicate.com/account/api-tokens.</source>
        <translation>REPLICATE_API_TOKEN содержит пробелы или переводы строк, поэтому не используется. Задайте его заново со страницы https://replicate.com/account/api-tokens.</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Sidebar message</source>
        <translation>Сообщение боковой панели</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Отменить удаление</translation>
    </message>
    <message>
        <source>Bring the deleted conversation back (%s)</source>
        <translation>Вернуть удалённый чат (%s)</translation>
    </message>
    <message>
        <source>Deleted “%s”.</source>
        <translation>Чат «%s» удалён.</translation>
    </message>
</context>
<context>
    <name>Validators</name>
    <message>
        <source>The model must be a name like owner/name.</source>
        <translation>Модель должна быть указана в виде owner/name.</translation>
    </message>
    <message>
        <source>Choose a model, or type its name as owner/name.</source>
        <translation>Выберите модель или введите её название в виде owner/name.</translation>
    </message>
    <message>
        <source>That model name is too long. Use owner/name or owner/name:version.</source>
        <translation>Слишком длинное название модели. Используйте owner/name или owner/name:version.</translation>
    </message>
    <message>
        <source>{name} is not a model name. Use owner/name or owner/name:version, for example meta/meta-llama-3-70b-instruct.</source>
        <translation>{name} — не название модели. Используйте owner/name или owner/name:version, например meta/meta-llama-3-70b-instruct.</translation>
    </message>
    <message>
        <source>Use a value from {low} to {high}.</source>
        <translation>Укажите значение от {low} до {high}.</translation>
    </message>
    <message>
        <source>Use a value of at least {low}.</source>
        <translation>Укажите значение не меньше {low}.</translation>
    </message>
    <message>
        <source>Use a value of at most {high}.</source>
        <translation>Укажите значение не больше {high}.</translation>
    </message>
    <message>
        <source>Enter a whole number, like 40, or leave it empty for the model&apos;s default.</source>
        <translation>Введите целое число, например 40, или оставьте поле пустым, чтобы использовать значение модели по умолчанию.</translation>
    </message>
    <message>
        <source>Enter a whole number, like 40.</source>
        <translation>Введите целое число, например 40.</translation>
    </message>
    <message>
        <source>Enter a number, like 0.7, or leave it empty for the model&apos;s default.</source>
        <translation>Введите число, например 0,7, или оставьте поле пустым, чтобы использовать значение модели по умолчанию.</translation>
    </message>
    <message>
        <source>Enter a number, like 0.7.</source>
        <translation>Введите число, например 0,7.</translation>
    </message>
    <message>
        <source>That number is too large.</source>
        <translation>Слишком большое число.</translation>
    </message>
    <message>
        <source>That number is too long.</source>
        <translation>Слишком длинное число.</translation>
    </message>
    <message>
        <source>Use a whole number, like 40.</source>
        <translation>Используйте целое число, например 40.</translation>
    </message>
    <message>
        <source>The stop sequence {stop} holds a comma. Replicate splits stop sequences at commas, so it cannot be sent as one: put each stop sequence on its own line.</source>
        <translation>Стоп-последовательность {stop} содержит запятую. Replicate разделяет стоп-последовательности по запятым, поэтому её нельзя передать целиком: пишите каждую стоп-последовательность на отдельной строке.</translation>
    </message>
    <message>
        <source>Stop sequences must be text, one per line.</source>
        <translation>Стоп-последовательности должны быть текстом, по одной на строку.</translation>
    </message>
    <message>
        <source>Stop sequences must be a list of texts.</source>
        <translation>Стоп-последовательности должны быть списком строк.</translation>
    </message>
    <message>
        <source>The stop sequence {stop} holds a line break.</source>
        <translation>Стоп-последовательность {stop} содержит перевод строки.</translation>
    </message>
    <message>
        <source>The system prompt must be text.</source>
        <translation>Системный промпт должен быть текстом.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Replicate Chat is already running with these conversations; its window was brought forward.</source>
        <translation>Replicate Chat уже запущен с этими беседами; его окно выведено на передний план.</translation>
    </message>
    <message>
        <source>Replicate Chat is already running</source>
        <translation>Replicate Chat уже запущен</translation>
    </message>
    <message>
        <source>Another Replicate Chat (process {pid}) is using the conversations in {folder} and does not answer. Close it first, or start this one with --data-dir to use other conversations.</source>
        <translation>Другой Replicate Chat (процесс {pid}) работает с беседами в {folder} и не отвечает. Сначала закройте его или запустите этот с --data-dir, чтобы открыть другие беседы.</translation>
    </message>
    <message>
        <source>Replicate Chat cannot open its conversations</source>
        <translation>Replicate Chat не может открыть ваши чаты</translation>
    </message>
    <message>
        <source>The conversation store could not be read and was moved aside to %s. Nothing was deleted: that file is kept as it was. A new, empty store has been started.</source>
        <translation>Хранилище чатов не удалось прочитать, и оно перемещено в %s. Ничего не удалено: этот файл сохранён как был. Создано новое, пустое хранилище.</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Unexpected error</source>
        <translation>Непредвиденная ошибка</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your conversations are safe; the details are in the log file.</source>
        <translation>Произошла непредвиденная ошибка. Ваши чаты в сохранности; подробности записаны в журнал.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <source>Close this message; the app keeps running</source>
        <translation>Закрыть это сообщение; приложение продолжит работу</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Show or hide the technical details</source>
        <translation>Показать или скрыть технические подробности</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>Технические подробности</translation>
    </message>
    <message>
        <source>What went wrong, as written to the log</source>
        <translation>Что пошло не так — как записано в журнал</translation>
    </message>
</context>
</TS>
