/**
 * What the bot says around the content: commands, questions back, fallbacks, escalation.
 * No fact about rights lives here (those are in knowledge/); these are the bot's own words.
 * `{name}` placeholders are filled by {@link t}.
 */
import type { Language } from '../kb/schema.ts';

export interface UiStrings {
  welcome: string;
  privacy: string;
  help: string;
  chooseLanguage: string;
  languageSet: string;
  languageNotAvailable: string;
  empty: string;
  unreadable: string;
  truncated: string;
  media: string;
  rateLimited: string;
  fallback: string;
  fallbackAgain: string;
  ambiguous: string;
  askOrigin: string;
  askDestination: string;
  countryNotRecognised: string;
  sources: string;
  reviewed: string;
  disclaimer: string;
  offerHuman: string;
  ticketOpened: string;
  ticketWaiting: string;
  ticketSlowDown: string;
  ticketAlreadyOpen: string;
  officeClosed: string;
  ticketClaimed: string;
  staffSays: string;
  ticketClosed: string;
  handedBack: string;
  cancelled: string;
  nothingToCancel: string;
  forgotten: string;
  phoneQuestion: string;
  phoneShared: string;
  phoneNotShared: string;
  agreementsNone: string;
  agreementsNeedCountries: string;
  agreementNotInForce: string;
  agreementsAlso: string;
  /** After an agreement's name in a short list: signed, not confirmed in force. */
  agreementNotInForceShort: string;
  /** A short list found nothing in force between the two countries. */
  agreementsNoneShort: string;
  /** Heads the short list of agreements between two countries. */
  agreementsBetween: string;
  countriesNoted: string;
  homeCountry: string;
  workCountry: string;
  instrumentWhich: string;
  instrumentCount: string;
  instrumentRatified: string;
  instrumentNoRecord: string;
  organisationsNone: string;
  organisationsGeneral: string;
  noContactOnRecord: string;
  choiceHuman: string;
  choiceTopics: string;
  choiceYes: string;
  choiceNo: string;
  choiceNoneOfThese: string;
  and: string;
  askOriginAfter: string;
  askDestinationAfter: string;
  choiceMoreDetail: string;
  choiceAllSources: string;
  noMoreDetail: string;
  outOfScope: string;
  whichRole: string;
  pickNumber: string;
  followUpUnclear: string;
  moreSources: string;
}

const en: UiStrings = {
  welcome:
    'Hello! I answer questions about social protection for migrant workers: pensions when you move or go home, health care, agreements between countries, your rights, and unions that can help. I am a bot: I give general information with its source, not legal advice. When I cannot help, I pass you to a person from the union.',
  privacy:
    'Privacy: I keep our conversation only to help you and to hand it to union staff if you ask. I never show your phone number to staff unless you agree. Send /forget at any time and I erase what I stored about you.',
  help: 'Ask me a question in your own words, or pick a topic. Commands: /language to change language, /human to talk to a person, /forget to erase your data.',
  chooseLanguage: 'Which language do you prefer?',
  languageSet: 'OK, I will answer in English.',
  languageNotAvailable: 'Sorry, I cannot answer in that language yet. I will answer in {language}.',
  empty: 'Your message was empty. Type your question, for example: "Will I lose my pension if I go home?"',
  unreadable: 'I could not read that message. Please type your question in words.',
  truncated: 'Your message was very long, so I read only the first part.',
  media:
    'I can only read text messages for now. Please type your question, or send /human to reach a person.',
  rateLimited: 'You are sending messages very fast. Please wait a minute, then try again.',
  fallback: 'I am not sure I understood. You can ask about one of these topics, or talk to a person.',
  fallbackAgain: 'I still cannot answer that well. Would you like a person from the union to help you?',
  ambiguous: 'Did you mean one of these?',
  askOrigin: 'To answer, I need your countries. Which is your home country (where you come from)?',
  askDestination: 'And which country do you work in, or did you work in?',
  countryNotRecognised:
    'I did not recognise a country there. Please type just the country name, for example "Philippines".',
  sources: 'Source',
  reviewed: 'checked',
  disclaimer:
    'This is general information, not legal advice. Your case may differ: a union person can look at it.',
  offerHuman: 'Do you want to talk to a person from the union?',
  ticketOpened:
    'I have passed your question to union staff. A person will read our conversation and reply here. You can keep writing: your messages go to them. Send /cancel to go back to the bot.',
  ticketWaiting: 'Your message was added to your request. Union staff will reply here.',
  ticketSlowDown:
    'All your messages reach union staff, none is lost. You are writing very fast: you can slow down, they will read everything and reply here.',
  ticketAlreadyOpen: 'Your request is already with union staff. They will reply here.',
  officeClosed: 'Union staff are not at their desks now. Expect an answer from {when}.',
  ticketClaimed: '{name} from the union is looking at your question.',
  staffSays: '{name} (union staff): {text}',
  ticketClosed: 'Union staff closed your request. I am here again if you have another question.',
  handedBack:
    'Union staff handed the conversation back to me. Ask me anything, or send /human to reach a person again.',
  cancelled: 'OK, I told union staff you no longer need them. I am here again.',
  nothingToCancel: 'There is nothing to cancel.',
  forgotten:
    'Done: I erased everything I stored about you (our conversation, your countries, your language and your requests to staff). Messages that union staff already received stay with them.',
  phoneQuestion:
    'Union staff cannot see your phone number. Do you want to share it so they can call you? Only say yes if it is safe for you.',
  phoneShared: 'OK, union staff can see your phone number for this request.',
  phoneNotShared: 'OK, your phone number stays hidden.',
  agreementsNone:
    'I have no record of a social security agreement between {a} and {b}. That does not prove there is none. Ask the social security office in either country, or talk to a union person.',
  agreementsNeedCountries: 'Tell me both countries and I will check the agreements I know of.',
  agreementNotInForce:
    'It has been signed, but it is not (or not yet known to be) in force for both countries: check with the social security office before relying on it.',
  countriesNoted: 'Noted: {countries}. What would you like to know?',
  homeCountry: 'home country',
  workCountry: 'country of work',
  agreementsAlso: 'Also useful for you:',
  agreementNotInForceShort: '(signed, not confirmed in force)',
  agreementsNoneShort: 'No agreement in force between them on my record; that does not prove there is none.',
  agreementsBetween: 'Between {a} and {b}:',
  instrumentWhich:
    'Which convention do you mean? For example C102, C157, C189 or the UN Migrant Workers Convention.',
  instrumentCount: '{count} countries had ratified it as of {date}.',
  instrumentRatified: '{country} ratified {code} on {date}.',
  instrumentNoRecord:
    'I have no record of {country} ratifying {code}. That does not prove it has not: check ILO NORMLEX or ask a union person.',
  organisationsNone: 'I have no union contact on record for {countries} yet.',
  organisationsGeneral: 'These networks work across countries:',
  noContactOnRecord: 'Ask a union person for how to reach them.',
  choiceHuman: 'Talk to a person',
  choiceTopics: 'Topics',
  choiceYes: 'Yes',
  choiceNo: 'No',
  choiceNoneOfThese: 'None of these',
  and: 'and',
  askOriginAfter:
    'What applies to you depends on your two countries. Tell me your home country (where you come from) and the country where you work, and I will check.',
  askDestinationAfter:
    'What applies to you depends on where you work. Tell me the country where you work (or worked), and I will check.',
  choiceMoreDetail: 'More detail',
  choiceAllSources: 'All sources',
  noMoreDetail: 'That is all I have on this. Ask me another question, or talk to a person.',
  outOfScope:
    'That is not something I can answer: I only know about social protection for migrant workers (pensions, health care, work accidents, agreements between countries, your rights at work). A person from the union may know where to ask.',
  whichRole: 'Is {country} your home country or the country where you work?',
  pickNumber: 'Please reply with a number from 1 to {n}, or type your question.',
  followUpUnclear: 'I am not sure what you are asking about. Did you mean one of these?',
  moreSources: '+{n} more',
};

const es: UiStrings = {
  welcome:
    '¡Hola! Respondo preguntas sobre protección social para trabajadores migrantes: la pensión si te mudas o vuelves a casa, la salud, los convenios entre países, tus derechos y los sindicatos que pueden ayudarte. Soy un bot: doy información general con su fuente, no asesoría legal. Si no puedo ayudarte, te paso con una persona del sindicato.',
  privacy:
    'Privacidad: guardo la conversación solo para ayudarte y para pasarla al sindicato si lo pides. Nunca muestro tu número de teléfono sin tu permiso. Envía /forget cuando quieras y borro lo que guardé sobre ti.',
  help: 'Hazme una pregunta con tus palabras o elige un tema. Comandos: /language para cambiar de idioma, /human para hablar con una persona, /forget para borrar tus datos.',
  chooseLanguage: '¿Qué idioma prefieres?',
  languageSet: 'De acuerdo, te responderé en español.',
  languageNotAvailable: 'Lo siento, aún no puedo responder en ese idioma. Responderé en {language}.',
  empty:
    'Tu mensaje llegó vacío. Escribe tu pregunta, por ejemplo: "¿Pierdo mi pensión si vuelvo a mi país?"',
  unreadable: 'No pude leer ese mensaje. Por favor, escribe tu pregunta con palabras.',
  truncated: 'Tu mensaje era muy largo; solo leí la primera parte.',
  media:
    'Por ahora solo leo mensajes de texto. Escribe tu pregunta, o envía /human para hablar con una persona.',
  rateLimited: 'Estás enviando mensajes muy rápido. Espera un minuto y vuelve a intentarlo.',
  fallback:
    'No estoy seguro de haber entendido. Puedes preguntar sobre uno de estos temas o hablar con una persona.',
  fallbackAgain: 'Sigo sin poder responder bien a eso. ¿Quieres que te ayude una persona del sindicato?',
  ambiguous: '¿Te refieres a una de estas opciones?',
  askOrigin: 'Para responder necesito tus países. ¿Cuál es tu país de origen (de dónde vienes)?',
  askDestination: '¿Y en qué país trabajas o trabajaste?',
  countryNotRecognised: 'No reconocí ningún país. Escribe solo el nombre del país, por ejemplo "Filipinas".',
  sources: 'Fuente',
  reviewed: 'revisado',
  disclaimer:
    'Esto es información general, no asesoría legal. Tu caso puede ser distinto: una persona del sindicato puede revisarlo.',
  offerHuman: '¿Quieres hablar con una persona del sindicato?',
  ticketOpened:
    'Pasé tu pregunta al equipo del sindicato. Una persona leerá la conversación y te responderá aquí. Puedes seguir escribiendo: tus mensajes les llegan. Envía /cancel para volver al bot.',
  ticketWaiting: 'Añadí tu mensaje a tu solicitud. El equipo del sindicato te responderá aquí.',
  ticketSlowDown:
    'Todos tus mensajes llegan al equipo del sindicato, no se pierde ninguno. Escribes muy rápido: puedes ir más despacio, lo leerán todo y te responderán aquí.',
  ticketAlreadyOpen: 'Tu solicitud ya está con el equipo del sindicato. Te responderán aquí.',
  officeClosed: 'El equipo del sindicato no está disponible ahora. Espera una respuesta a partir del {when}.',
  ticketClaimed: '{name}, del sindicato, está revisando tu pregunta.',
  staffSays: '{name} (sindicato): {text}',
  ticketClosed: 'El equipo del sindicato cerró tu solicitud. Aquí estoy si tienes otra pregunta.',
  handedBack:
    'El equipo del sindicato me devolvió la conversación. Pregúntame lo que quieras o envía /human para volver con una persona.',
  cancelled: 'De acuerdo, avisé al sindicato de que ya no los necesitas. Aquí estoy de nuevo.',
  nothingToCancel: 'No hay nada que cancelar.',
  forgotten:
    'Listo: borré todo lo que guardé sobre ti (la conversación, tus países, tu idioma y tus solicitudes al sindicato). Los mensajes que el sindicato ya recibió quedan con ellos.',
  phoneQuestion:
    'El equipo del sindicato no ve tu número de teléfono. ¿Quieres compartirlo para que puedan llamarte? Di que sí solo si es seguro para ti.',
  phoneShared: 'De acuerdo, el sindicato podrá ver tu número para esta solicitud.',
  phoneNotShared: 'De acuerdo, tu número sigue oculto.',
  agreementsNone:
    'No tengo registro de un convenio de seguridad social entre {a} y {b}. Eso no prueba que no exista. Pregunta en la oficina de seguridad social de cualquiera de los dos países o habla con una persona del sindicato.',
  agreementsNeedCountries: 'Dime los dos países y reviso los convenios que conozco.',
  agreementNotInForce:
    'Está firmado, pero no está (o no consta que esté) en vigor para los dos países: confírmalo con la oficina de seguridad social antes de contar con él.',
  countriesNoted: 'Anotado: {countries}. ¿Qué quieres saber?',
  homeCountry: 'país de origen',
  workCountry: 'país de trabajo',
  agreementsAlso: 'También te puede servir:',
  agreementNotInForceShort: '(firmado, sin vigencia confirmada)',
  agreementsNoneShort:
    'No tengo registrado ningún convenio en vigor entre ellos; eso no prueba que no exista.',
  agreementsBetween: 'Entre {a} y {b}:',
  instrumentWhich:
    '¿Qué convenio quieres decir? Por ejemplo C102, C157, C189 o la Convención de la ONU sobre trabajadores migratorios.',
  instrumentCount: '{count} países lo habían ratificado a fecha de {date}.',
  instrumentRatified: '{country} ratificó el {code} el {date}.',
  instrumentNoRecord:
    'No tengo registro de que {country} haya ratificado el {code}. Eso no prueba que no lo hizo: consulta ILO NORMLEX o pregunta a una persona del sindicato.',
  organisationsNone: 'Todavía no tengo un contacto sindical registrado para {countries}.',
  organisationsGeneral: 'Estas redes trabajan en varios países:',
  noContactOnRecord: 'Pide a una persona del sindicato cómo contactarlas.',
  choiceHuman: 'Hablar con una persona',
  choiceTopics: 'Temas',
  choiceYes: 'Sí',
  choiceNo: 'No',
  choiceNoneOfThese: 'Ninguna',
  and: 'y',
  askOriginAfter:
    'Lo que se aplica en tu caso depende de tus dos países. Dime tu país de origen y el país donde trabajas, y lo compruebo.',
  askDestinationAfter:
    'Lo que se aplica en tu caso depende de dónde trabajas. Dime el país donde trabajas (o trabajaste) y lo compruebo.',
  choiceMoreDetail: 'Más detalles',
  choiceAllSources: 'Todas las fuentes',
  noMoreDetail: 'Eso es todo lo que tengo sobre este tema. Hazme otra pregunta o habla con una persona.',
  outOfScope:
    'Eso no lo puedo responder: solo sé de protección social para trabajadores migrantes (pensiones, salud, accidentes de trabajo, convenios entre países, tus derechos en el trabajo). Una persona del sindicato puede saber a quién preguntar.',
  whichRole: '¿{country} es tu país de origen o el país donde trabajas?',
  pickNumber: 'Responde con un número del 1 al {n}, o escribe tu pregunta.',
  followUpUnclear: 'No estoy seguro de sobre qué preguntas. ¿Te refieres a uno de estos?',
  moreSources: '+{n} más',
};

const fr: UiStrings = {
  welcome:
    'Bonjour ! Je réponds aux questions sur la protection sociale des travailleurs migrants : la retraite quand on part ou qu’on rentre, la santé, les accords entre pays, vos droits et les syndicats qui peuvent aider. Je suis un bot : je donne une information générale avec sa source, pas un conseil juridique. Si je ne peux pas aider, je vous passe à une personne du syndicat.',
  privacy:
    'Vie privée : je garde la conversation seulement pour vous aider et pour la transmettre au syndicat si vous le demandez. Je ne montre jamais votre numéro sans votre accord. Envoyez /forget à tout moment et j’efface ce que j’ai gardé sur vous.',
  help: 'Posez votre question avec vos mots ou choisissez un thème. Commandes : /language pour changer de langue, /human pour parler à une personne, /forget pour effacer vos données.',
  chooseLanguage: 'Quelle langue préférez-vous ?',
  languageSet: 'D’accord, je réponds en français.',
  languageNotAvailable: 'Désolé, je ne peux pas encore répondre dans cette langue. Je réponds en {language}.',
  empty:
    'Votre message est vide. Écrivez votre question, par exemple : « Est-ce que je perds ma retraite si je rentre ? »',
  unreadable: 'Je n’ai pas pu lire ce message. Écrivez votre question avec des mots, s’il vous plaît.',
  truncated: 'Votre message était très long : j’ai lu seulement le début.',
  media:
    'Pour l’instant je lis seulement les messages écrits. Écrivez votre question, ou envoyez /human pour parler à une personne.',
  rateLimited: 'Vous envoyez des messages très vite. Attendez une minute puis réessayez.',
  fallback:
    'Je ne suis pas sûr d’avoir compris. Vous pouvez demander sur un de ces thèmes, ou parler à une personne.',
  fallbackAgain: 'Je n’arrive toujours pas à bien répondre. Voulez-vous l’aide d’une personne du syndicat ?',
  ambiguous: 'Vous voulez dire l’un de ceux-ci ?',
  askOrigin: 'Pour répondre, j’ai besoin de vos pays. Quel est votre pays d’origine ?',
  askDestination: 'Et dans quel pays travaillez-vous, ou avez-vous travaillé ?',
  countryNotRecognised:
    'Je n’ai pas reconnu de pays. Écrivez seulement le nom du pays, par exemple « Maroc ».',
  sources: 'Source',
  reviewed: 'vérifié le',
  disclaimer:
    'Ceci est une information générale, pas un conseil juridique. Votre cas peut être différent : une personne du syndicat peut l’examiner.',
  offerHuman: 'Voulez-vous parler à une personne du syndicat ?',
  ticketOpened:
    'J’ai transmis votre question au syndicat. Une personne va lire la conversation et vous répondre ici. Vous pouvez continuer à écrire : vos messages leur parviennent. Envoyez /cancel pour revenir au bot.',
  ticketWaiting: 'Votre message a été ajouté à votre demande. Le syndicat vous répondra ici.',
  ticketSlowDown:
    'Tous vos messages arrivent au syndicat, aucun n’est perdu. Vous écrivez très vite : vous pouvez ralentir, ils liront tout et vous répondront ici.',
  ticketAlreadyOpen: 'Votre demande est déjà au syndicat. Il vous répondra ici.',
  officeClosed:
    'L’équipe du syndicat n’est pas disponible maintenant. Attendez une réponse à partir de {when}.',
  ticketClaimed: '{name}, du syndicat, regarde votre question.',
  staffSays: '{name} (syndicat) : {text}',
  ticketClosed: 'Le syndicat a clos votre demande. Je suis là si vous avez une autre question.',
  handedBack:
    'Le syndicat m’a rendu la conversation. Posez-moi vos questions, ou envoyez /human pour reparler à une personne.',
  cancelled: 'D’accord, j’ai dit au syndicat que vous n’avez plus besoin d’eux. Je suis de nouveau là.',
  nothingToCancel: 'Il n’y a rien à annuler.',
  forgotten:
    'C’est fait : j’ai effacé tout ce que je gardais sur vous (conversation, pays, langue et demandes au syndicat). Les messages déjà reçus par le syndicat restent chez lui.',
  phoneQuestion:
    'Le syndicat ne voit pas votre numéro de téléphone. Voulez-vous le partager pour qu’on puisse vous appeler ? Dites oui seulement si c’est sûr pour vous.',
  phoneShared: 'D’accord, le syndicat peut voir votre numéro pour cette demande.',
  phoneNotShared: 'D’accord, votre numéro reste caché.',
  agreementsNone:
    'Je n’ai aucune trace d’un accord de sécurité sociale entre {a} et {b}. Cela ne prouve pas qu’il n’y en a pas. Demandez à la caisse de sécurité sociale de l’un des deux pays, ou parlez à une personne du syndicat.',
  agreementsNeedCountries: 'Donnez-moi les deux pays et je vérifie les accords que je connais.',
  agreementNotInForce:
    'Il est signé, mais il n’est pas (ou pas encore connu comme) en vigueur pour les deux pays : vérifiez auprès de la caisse de sécurité sociale avant de compter dessus.',
  countriesNoted: 'C’est noté : {countries}. Que voulez-vous savoir ?',
  homeCountry: 'pays d’origine',
  workCountry: 'pays de travail',
  agreementsAlso: 'Utile aussi pour vous :',
  agreementNotInForceShort: '(signée, en vigueur non confirmé)',
  agreementsNoneShort:
    'Je n’ai aucune convention en vigueur entre eux dans mes données ; cela ne prouve pas qu’il n’y en a pas.',
  agreementsBetween: 'Entre {a} et {b} :',
  instrumentWhich:
    'De quelle convention parlez-vous ? Par exemple C102, C157, C189 ou la Convention de l’ONU sur les travailleurs migrants.',
  instrumentCount: '{count} pays l’avaient ratifiée au {date}.',
  instrumentRatified: '{country} a ratifié la {code} le {date}.',
  instrumentNoRecord:
    'Je n’ai aucune trace d’une ratification de la {code} par {country}. Cela ne prouve rien : vérifiez sur ILO NORMLEX ou demandez à une personne du syndicat.',
  organisationsNone: 'Je n’ai pas encore de contact syndical pour {countries}.',
  organisationsGeneral: 'Ces réseaux travaillent dans plusieurs pays :',
  noContactOnRecord: 'Demandez à une personne du syndicat comment les joindre.',
  choiceHuman: 'Parler à une personne',
  choiceTopics: 'Thèmes',
  choiceYes: 'Oui',
  choiceNo: 'Non',
  choiceNoneOfThese: 'Aucun',
  and: 'et',
  askOriginAfter:
    'Ce qui s’applique à vous dépend de vos deux pays. Dites-moi votre pays d’origine et le pays où vous travaillez, et je vérifie.',
  askDestinationAfter:
    'Ce qui s’applique à vous dépend du pays où vous travaillez. Dites-moi ce pays (ou celui où vous avez travaillé), et je vérifie.',
  choiceMoreDetail: 'Plus de détails',
  choiceAllSources: 'Toutes les sources',
  noMoreDetail:
    'C’est tout ce que j’ai sur ce sujet. Posez-moi une autre question, ou parlez à une personne.',
  outOfScope:
    'Je ne peux pas répondre à cela : je ne connais que la protection sociale des travailleurs migrants (retraites, santé, accidents du travail, accords entre pays, vos droits au travail). Une personne du syndicat saura peut-être à qui vous adresser.',
  whichRole: '{country} est-il votre pays d’origine ou le pays où vous travaillez ?',
  pickNumber: 'Répondez par un numéro de 1 à {n}, ou écrivez votre question.',
  followUpUnclear: 'Je ne suis pas sûr de ce que vous demandez. Vouliez-vous dire l’un de ces sujets ?',
  moreSources: '+{n} autres',
};

const pt: UiStrings = {
  welcome:
    'Olá! Respondo perguntas sobre proteção social para trabalhadores migrantes: a aposentadoria quando você muda ou volta para casa, saúde, acordos entre países, seus direitos e sindicatos que podem ajudar. Sou um bot: dou informação geral com a fonte, não aconselhamento jurídico. Quando não consigo ajudar, passo você para uma pessoa do sindicato.',
  privacy:
    'Privacidade: guardo a conversa só para ajudar você e para passá-la ao sindicato se você pedir. Nunca mostro seu número de telefone sem sua permissão. Envie /forget quando quiser e apago o que guardei sobre você.',
  help: 'Faça sua pergunta com suas palavras ou escolha um tema. Comandos: /language para mudar de língua, /human para falar com uma pessoa, /forget para apagar seus dados.',
  chooseLanguage: 'Qual língua você prefere?',
  languageSet: 'Certo, vou responder em português.',
  languageNotAvailable: 'Desculpe, ainda não consigo responder nessa língua. Vou responder em {language}.',
  empty:
    'Sua mensagem chegou vazia. Escreva sua pergunta, por exemplo: "Perco minha aposentadoria se voltar para o meu país?"',
  unreadable: 'Não consegui ler essa mensagem. Escreva sua pergunta com palavras, por favor.',
  truncated: 'Sua mensagem era muito longa; li só a primeira parte.',
  media:
    'Por enquanto só leio mensagens de texto. Escreva sua pergunta, ou envie /human para falar com uma pessoa.',
  rateLimited: 'Você está enviando mensagens muito rápido. Espere um minuto e tente de novo.',
  fallback:
    'Não tenho certeza de que entendi. Você pode perguntar sobre um destes temas ou falar com uma pessoa.',
  fallbackAgain: 'Ainda não consigo responder bem. Quer a ajuda de uma pessoa do sindicato?',
  ambiguous: 'Você quis dizer uma destas opções?',
  askOrigin: 'Para responder preciso dos seus países. Qual é o seu país de origem?',
  askDestination: 'E em que país você trabalha ou trabalhou?',
  countryNotRecognised: 'Não reconheci nenhum país. Escreva só o nome do país, por exemplo "Brasil".',
  sources: 'Fonte',
  reviewed: 'verificado em',
  disclaimer:
    'Isto é informação geral, não aconselhamento jurídico. Seu caso pode ser diferente: uma pessoa do sindicato pode analisá-lo.',
  offerHuman: 'Quer falar com uma pessoa do sindicato?',
  ticketOpened:
    'Passei sua pergunta para a equipe do sindicato. Uma pessoa vai ler a conversa e responder aqui. Você pode continuar escrevendo: suas mensagens chegam a eles. Envie /cancel para voltar ao bot.',
  ticketWaiting: 'Sua mensagem foi adicionada ao seu pedido. O sindicato vai responder aqui.',
  ticketSlowDown:
    'Todas as suas mensagens chegam ao sindicato, nenhuma se perde. Você está escrevendo muito rápido: pode ir mais devagar, eles vão ler tudo e responder aqui.',
  ticketAlreadyOpen: 'Seu pedido já está com a equipe do sindicato. Eles vão responder aqui.',
  officeClosed: 'A equipe do sindicato não está disponível agora. Espere uma resposta a partir de {when}.',
  ticketClaimed: '{name}, do sindicato, está vendo sua pergunta.',
  staffSays: '{name} (sindicato): {text}',
  ticketClosed: 'O sindicato encerrou seu pedido. Estou aqui se tiver outra pergunta.',
  handedBack:
    'O sindicato devolveu a conversa para mim. Pergunte o que quiser ou envie /human para voltar a falar com uma pessoa.',
  cancelled: 'Certo, avisei o sindicato que você não precisa mais deles. Estou aqui de novo.',
  nothingToCancel: 'Não há nada para cancelar.',
  forgotten:
    'Pronto: apaguei tudo o que guardei sobre você (a conversa, seus países, sua língua e seus pedidos ao sindicato). As mensagens que o sindicato já recebeu ficam com eles.',
  phoneQuestion:
    'A equipe do sindicato não vê seu número de telefone. Quer compartilhá-lo para que liguem para você? Diga sim só se for seguro para você.',
  phoneShared: 'Certo, o sindicato pode ver seu número para este pedido.',
  phoneNotShared: 'Certo, seu número continua escondido.',
  agreementsNone:
    'Não tenho registro de um acordo de previdência social entre {a} e {b}. Isso não prova que não exista. Pergunte no órgão de previdência de qualquer um dos dois países ou fale com uma pessoa do sindicato.',
  agreementsNeedCountries: 'Diga os dois países e eu verifico os acordos que conheço.',
  agreementNotInForce:
    'Está assinado, mas não está (ou não se sabe se está) em vigor para os dois países: confirme no órgão de previdência antes de contar com ele.',
  countriesNoted: 'Anotado: {countries}. O que você quer saber?',
  homeCountry: 'país de origem',
  workCountry: 'país de trabalho',
  agreementsAlso: 'Também pode ser útil:',
  agreementNotInForceShort: '(assinado, vigência não confirmada)',
  agreementsNoneShort: 'Não tenho registo de acordo em vigor entre eles; isso não prova que não exista.',
  agreementsBetween: 'Entre {a} e {b}:',
  instrumentWhich:
    'Qual convenção você quer dizer? Por exemplo C102, C157, C189 ou a Convenção da ONU sobre trabalhadores migrantes.',
  instrumentCount: '{count} países a tinham ratificado em {date}.',
  instrumentRatified: '{country} ratificou a {code} em {date}.',
  instrumentNoRecord:
    'Não tenho registro de que {country} ratificou a {code}. Isso não prova nada: confira no ILO NORMLEX ou pergunte a uma pessoa do sindicato.',
  organisationsNone: 'Ainda não tenho um contato sindical registrado para {countries}.',
  organisationsGeneral: 'Estas redes trabalham em vários países:',
  noContactOnRecord: 'Pergunte a uma pessoa do sindicato como falar com eles.',
  choiceHuman: 'Falar com uma pessoa',
  choiceTopics: 'Temas',
  choiceYes: 'Sim',
  choiceNo: 'Não',
  choiceNoneOfThese: 'Nenhuma',
  and: 'e',
  askOriginAfter:
    'O que vale no seu caso depende dos seus dois países. Diga-me o seu país de origem e o país onde trabalha, e eu verifico.',
  askDestinationAfter:
    'O que vale no seu caso depende de onde você trabalha. Diga-me o país onde trabalha (ou trabalhou), e eu verifico.',
  choiceMoreDetail: 'Mais detalhes',
  choiceAllSources: 'Todas as fontes',
  noMoreDetail: 'É tudo o que tenho sobre isso. Faça outra pergunta ou fale com uma pessoa.',
  outOfScope:
    'Isso eu não posso responder: só sei sobre proteção social para trabalhadores migrantes (aposentadoria, saúde, acidentes de trabalho, acordos entre países, seus direitos no trabalho). Uma pessoa do sindicato pode saber a quem perguntar.',
  whichRole: '{country} é o seu país de origem ou o país onde você trabalha?',
  pickNumber: 'Responda com um número de 1 a {n}, ou escreva a sua pergunta.',
  followUpUnclear: 'Não tenho certeza sobre o que você está perguntando. Você quis dizer um destes?',
  moreSources: '+{n}',
};

const id: UiStrings = {
  welcome:
    'Halo! Saya menjawab pertanyaan tentang perlindungan sosial untuk pekerja migran: pensiun saat pindah atau pulang, layanan kesehatan, perjanjian antarnegara, hak-hak Anda, dan serikat pekerja yang bisa membantu. Saya bot: saya memberi informasi umum beserta sumbernya, bukan nasihat hukum. Kalau saya tidak bisa membantu, saya sambungkan Anda ke orang dari serikat.',
  privacy:
    'Privasi: saya menyimpan percakapan hanya untuk membantu Anda dan meneruskannya ke serikat kalau Anda minta. Nomor telepon Anda tidak pernah ditunjukkan tanpa izin Anda. Kirim /forget kapan saja dan saya hapus data Anda.',
  help: 'Tanyakan dengan kata-kata Anda sendiri atau pilih topik. Perintah: /language untuk ganti bahasa, /human untuk bicara dengan orang, /forget untuk menghapus data Anda.',
  chooseLanguage: 'Anda ingin memakai bahasa apa?',
  languageSet: 'Baik, saya akan menjawab dalam Bahasa Indonesia.',
  languageNotAvailable:
    'Maaf, saya belum bisa menjawab dalam bahasa itu. Saya akan menjawab dalam {language}.',
  empty:
    'Pesan Anda kosong. Tulis pertanyaan Anda, misalnya: "Apakah pensiun saya hilang kalau saya pulang?"',
  unreadable: 'Saya tidak bisa membaca pesan itu. Tolong tulis pertanyaan Anda dengan kata-kata.',
  truncated: 'Pesan Anda sangat panjang, jadi saya hanya membaca bagian awalnya.',
  media:
    'Untuk sekarang saya hanya bisa membaca pesan teks. Tulis pertanyaan Anda, atau kirim /human untuk bicara dengan orang.',
  rateLimited: 'Anda mengirim pesan terlalu cepat. Tunggu satu menit lalu coba lagi.',
  fallback:
    'Saya tidak yakin mengerti. Anda bisa bertanya tentang salah satu topik ini, atau bicara dengan orang.',
  fallbackAgain: 'Saya masih belum bisa menjawab dengan baik. Mau dibantu oleh orang dari serikat?',
  ambiguous: 'Apakah maksud Anda salah satu dari ini?',
  askOrigin: 'Untuk menjawab, saya perlu tahu negara Anda. Apa negara asal Anda?',
  askDestination: 'Dan di negara mana Anda bekerja, atau pernah bekerja?',
  countryNotRecognised: 'Saya tidak mengenali nama negara. Tulis nama negaranya saja, misalnya "Malaysia".',
  sources: 'Sumber',
  reviewed: 'diperiksa',
  disclaimer:
    'Ini informasi umum, bukan nasihat hukum. Kasus Anda bisa berbeda: orang dari serikat bisa memeriksanya.',
  offerHuman: 'Apakah Anda ingin bicara dengan orang dari serikat?',
  ticketOpened:
    'Pertanyaan Anda sudah saya teruskan ke petugas serikat. Seseorang akan membaca percakapan ini dan menjawab di sini. Anda boleh terus menulis: pesan Anda akan sampai ke mereka. Kirim /cancel untuk kembali ke bot.',
  ticketWaiting: 'Pesan Anda sudah ditambahkan ke permintaan Anda. Petugas serikat akan menjawab di sini.',
  ticketSlowDown:
    'Semua pesan Anda sampai ke petugas serikat, tidak ada yang hilang. Anda menulis sangat cepat: Anda boleh lebih pelan, mereka akan membaca semuanya dan menjawab di sini.',
  ticketAlreadyOpen: 'Permintaan Anda sudah ada di petugas serikat. Mereka akan menjawab di sini.',
  officeClosed: 'Petugas serikat sedang tidak bertugas. Jawaban bisa Anda harapkan mulai {when}.',
  ticketClaimed: '{name} dari serikat sedang melihat pertanyaan Anda.',
  staffSays: '{name} (petugas serikat): {text}',
  ticketClosed: 'Petugas serikat sudah menutup permintaan Anda. Saya di sini kalau ada pertanyaan lain.',
  handedBack:
    'Petugas serikat mengembalikan percakapan ke saya. Silakan bertanya, atau kirim /human untuk bicara dengan orang lagi.',
  cancelled:
    'Baik, saya sudah memberi tahu serikat bahwa Anda tidak perlu bantuan mereka lagi. Saya di sini lagi.',
  nothingToCancel: 'Tidak ada yang perlu dibatalkan.',
  forgotten:
    'Selesai: semua yang saya simpan tentang Anda sudah dihapus (percakapan, negara, bahasa, dan permintaan ke serikat). Pesan yang sudah diterima serikat tetap ada pada mereka.',
  phoneQuestion:
    'Petugas serikat tidak bisa melihat nomor telepon Anda. Mau membagikannya supaya mereka bisa menelepon? Jawab ya hanya kalau itu aman untuk Anda.',
  phoneShared: 'Baik, serikat bisa melihat nomor Anda untuk permintaan ini.',
  phoneNotShared: 'Baik, nomor Anda tetap tersembunyi.',
  agreementsNone:
    'Saya tidak punya catatan perjanjian jaminan sosial antara {a} dan {b}. Itu tidak membuktikan bahwa perjanjian itu tidak ada. Tanyakan ke kantor jaminan sosial di salah satu negara, atau bicara dengan orang dari serikat.',
  agreementsNeedCountries: 'Sebutkan kedua negaranya dan saya periksa perjanjian yang saya ketahui.',
  agreementNotInForce:
    'Perjanjian ini sudah ditandatangani, tetapi belum (atau belum diketahui) berlaku untuk kedua negara: tanyakan ke kantor jaminan sosial sebelum mengandalkannya.',
  countriesNoted: 'Dicatat: {countries}. Apa yang ingin Anda ketahui?',
  homeCountry: 'negara asal',
  workCountry: 'negara tempat kerja',
  agreementsAlso: 'Ini juga berguna untuk Anda:',
  agreementNotInForceShort: '(sudah ditandatangani, belum pasti berlaku)',
  agreementsNoneShort:
    'Tidak ada perjanjian yang berlaku di antara keduanya dalam catatan saya; itu tidak membuktikan tidak ada.',
  agreementsBetween: 'Antara {a} dan {b}:',
  instrumentWhich: 'Konvensi yang mana? Misalnya C102, C157, C189 atau Konvensi PBB tentang Pekerja Migran.',
  instrumentCount: '{count} negara sudah meratifikasinya per {date}.',
  instrumentRatified: '{country} meratifikasi {code} pada {date}.',
  instrumentNoRecord:
    'Saya tidak punya catatan bahwa {country} meratifikasi {code}. Itu tidak membuktikan apa-apa: periksa ILO NORMLEX atau tanya orang dari serikat.',
  organisationsNone: 'Saya belum punya kontak serikat untuk {countries}.',
  organisationsGeneral: 'Jaringan ini bekerja di banyak negara:',
  noContactOnRecord: 'Tanyakan ke orang dari serikat cara menghubungi mereka.',
  choiceHuman: 'Bicara dengan orang',
  choiceTopics: 'Topik',
  choiceYes: 'Ya',
  choiceNo: 'Tidak',
  choiceNoneOfThese: 'Bukan semuanya',
  and: 'dan',
  askOriginAfter:
    'Apa yang berlaku untuk Anda tergantung dua negara Anda. Sebutkan negara asal Anda dan negara tempat Anda bekerja, lalu saya periksa.',
  askDestinationAfter:
    'Apa yang berlaku untuk Anda tergantung tempat Anda bekerja. Sebutkan negara tempat Anda bekerja (atau pernah bekerja), lalu saya periksa.',
  choiceMoreDetail: 'Lebih rinci',
  choiceAllSources: 'Semua sumber',
  noMoreDetail: 'Hanya itu yang saya punya tentang ini. Ajukan pertanyaan lain, atau bicara dengan orang.',
  outOfScope:
    'Itu bukan hal yang bisa saya jawab: saya hanya tahu tentang perlindungan sosial untuk pekerja migran (pensiun, kesehatan, kecelakaan kerja, perjanjian antarnegara, hak Anda di tempat kerja). Orang dari serikat mungkin tahu ke mana harus bertanya.',
  whichRole: 'Apakah {country} negara asal Anda atau negara tempat Anda bekerja?',
  pickNumber: 'Balas dengan angka 1 sampai {n}, atau ketik pertanyaan Anda.',
  followUpUnclear: 'Saya kurang yakin apa yang Anda tanyakan. Apakah maksud Anda salah satu ini?',
  moreSources: '+{n} lagi',
};

const tl: UiStrings = {
  welcome:
    'Kumusta! Sumasagot ako sa mga tanong tungkol sa social protection ng mga migranteng manggagawa: pensiyon kapag lumipat o umuwi ka, kalusugan, mga kasunduan ng mga bansa, mga karapatan mo, at mga unyon na makakatulong. Bot ako: nagbibigay ako ng pangkalahatang impormasyon na may pinagmulan, hindi legal na payo. Kapag hindi kita matulungan, ipapasa kita sa isang tao mula sa unyon.',
  privacy:
    'Privacy: itinatabi ko ang usapan para lang matulungan ka at maipasa sa unyon kung hihilingin mo. Hindi ko ipinapakita ang numero ng telepono mo nang walang pahintulot mo. Ipadala ang /forget anumang oras at buburahin ko ang naitabi ko tungkol sa iyo.',
  help: 'Itanong mo sa sarili mong salita o pumili ng paksa. Mga utos: /language para magpalit ng wika, /human para makausap ang isang tao, /forget para burahin ang data mo.',
  chooseLanguage: 'Anong wika ang gusto mo?',
  languageSet: 'Sige, sasagot ako sa Tagalog.',
  languageNotAvailable: 'Pasensya, hindi pa ako makasagot sa wikang iyan. Sasagot ako sa {language}.',
  empty:
    'Walang laman ang mensahe mo. Isulat ang tanong mo, halimbawa: "Mawawala ba ang pensiyon ko kapag umuwi ako?"',
  unreadable: 'Hindi ko mabasa ang mensaheng iyan. Pakisulat ang tanong mo sa mga salita.',
  truncated: 'Napakahaba ng mensahe mo, kaya ang unang bahagi lang ang nabasa ko.',
  media:
    'Sa ngayon, text lang ang nababasa ko. Isulat ang tanong mo, o ipadala ang /human para makausap ang isang tao.',
  rateLimited: 'Masyadong mabilis ang pagpapadala mo. Maghintay ng isang minuto at subukan ulit.',
  fallback:
    'Hindi ako sigurado kung naintindihan kita. Puwede kang magtanong tungkol sa isa sa mga paksang ito, o makipag-usap sa isang tao.',
  fallbackAgain:
    'Hindi ko pa rin masagot iyan nang maayos. Gusto mo bang tulungan ka ng isang tao mula sa unyon?',
  ambiguous: 'Ito ba ang ibig mong sabihin?',
  askOrigin: 'Para makasagot, kailangan ko ang mga bansa mo. Ano ang bansang pinagmulan mo?',
  askDestination: 'At saang bansa ka nagtatrabaho o nagtrabaho?',
  countryNotRecognised:
    'Wala akong nakilalang bansa. Isulat lang ang pangalan ng bansa, halimbawa "Saudi Arabia".',
  sources: 'Pinagmulan',
  reviewed: 'sinuri noong',
  disclaimer:
    'Pangkalahatang impormasyon ito, hindi legal na payo. Maaaring iba ang kaso mo: puwede itong tingnan ng isang tao mula sa unyon.',
  offerHuman: 'Gusto mo bang makausap ang isang tao mula sa unyon?',
  ticketOpened:
    'Naipasa ko na ang tanong mo sa staff ng unyon. Babasahin ng isang tao ang usapan natin at sasagot dito. Puwede kang magpatuloy sa pagsulat: makakarating sa kanila ang mga mensahe mo. Ipadala ang /cancel para bumalik sa bot.',
  ticketWaiting: 'Naidagdag ang mensahe mo sa kahilingan mo. Sasagot dito ang staff ng unyon.',
  ticketSlowDown:
    'Lahat ng mensahe mo ay nakakarating sa staff ng unyon, walang nawawala. Napakabilis mong magsulat: puwede kang magdahan-dahan, babasahin nila lahat at sasagot sila dito.',
  ticketAlreadyOpen: 'Nasa staff ng unyon na ang kahilingan mo. Sasagot sila dito.',
  officeClosed: 'Wala pa sa opisina ang staff ng unyon. Asahan ang sagot simula {when}.',
  ticketClaimed: 'Tinitingnan na ni {name} mula sa unyon ang tanong mo.',
  staffSays: '{name} (staff ng unyon): {text}',
  ticketClosed: 'Isinara na ng staff ng unyon ang kahilingan mo. Nandito ako kung may iba ka pang tanong.',
  handedBack:
    'Ibinalik sa akin ng staff ng unyon ang usapan. Magtanong ka lang, o ipadala ang /human para makausap ulit ang isang tao.',
  cancelled: 'Sige, sinabihan ko ang unyon na hindi mo na sila kailangan. Nandito ulit ako.',
  nothingToCancel: 'Walang kailangang kanselahin.',
  forgotten:
    'Tapos na: binura ko ang lahat ng naitabi ko tungkol sa iyo (usapan, mga bansa, wika at mga kahilingan sa unyon). Ang mga mensaheng natanggap na ng unyon ay nasa kanila pa rin.',
  phoneQuestion:
    'Hindi nakikita ng staff ng unyon ang numero mo. Gusto mo bang ibahagi ito para matawagan ka nila? Oo lang ang isagot kung ligtas ito para sa iyo.',
  phoneShared: 'Sige, makikita ng unyon ang numero mo para sa kahilingang ito.',
  phoneNotShared: 'Sige, nakatago pa rin ang numero mo.',
  agreementsNone:
    'Wala akong rekord ng kasunduan sa social security sa pagitan ng {a} at {b}. Hindi ibig sabihin na wala talaga. Magtanong sa social security office ng alinmang bansa, o makipag-usap sa isang tao mula sa unyon.',
  agreementsNeedCountries: 'Sabihin mo ang dalawang bansa at titingnan ko ang mga kasunduang alam ko.',
  agreementNotInForce:
    'Napirmahan na ito, pero hindi pa (o hindi pa alam kung) may bisa para sa dalawang bansa: alamin muna sa social security office bago umasa rito.',
  countriesNoted: 'Naitala: {countries}. Ano ang gusto mong malaman?',
  homeCountry: 'bansang pinagmulan',
  workCountry: 'bansang pinagtatrabahuhan',
  agreementsAlso: 'Makakatulong din sa iyo:',
  agreementNotInForceShort: '(pinirmahan, hindi tiyak kung umiiral)',
  agreementsNoneShort: 'Wala akong record ng umiiral na kasunduan nila; hindi ibig sabihing wala talaga.',
  agreementsBetween: 'Sa pagitan ng {a} at {b}:',
  instrumentWhich:
    'Aling kumbensyon ang ibig mong sabihin? Halimbawa C102, C157, C189 o ang UN Migrant Workers Convention.',
  instrumentCount: '{count} bansa ang nag-ratify nito noong {date}.',
  instrumentRatified: 'Niratipikahan ng {country} ang {code} noong {date}.',
  instrumentNoRecord:
    'Wala akong rekord na niratipikahan ng {country} ang {code}. Hindi iyon patunay: tingnan sa ILO NORMLEX o magtanong sa isang tao mula sa unyon.',
  organisationsNone: 'Wala pa akong kontak ng unyon para sa {countries}.',
  organisationsGeneral: 'Ang mga network na ito ay kumikilos sa maraming bansa:',
  noContactOnRecord: 'Magtanong sa isang tao mula sa unyon kung paano sila makokontak.',
  choiceHuman: 'Makipag-usap sa tao',
  choiceTopics: 'Mga paksa',
  choiceYes: 'Oo',
  choiceNo: 'Hindi',
  choiceNoneOfThese: 'Wala sa mga ito',
  and: 'at',
  askOriginAfter:
    'Ang naaangkop sa iyo ay depende sa dalawang bansa mo. Sabihin mo ang bansang pinagmulan mo at ang bansang pinagtatrabahuhan mo, at titingnan ko.',
  askDestinationAfter:
    'Ang naaangkop sa iyo ay depende sa kung saan ka nagtatrabaho. Sabihin mo ang bansang pinagtatrabahuhan mo (o pinagtrabahuhan), at titingnan ko.',
  choiceMoreDetail: 'Higit pang detalye',
  choiceAllSources: 'Lahat ng sanggunian',
  noMoreDetail: 'Iyan na ang lahat ng alam ko tungkol dito. Magtanong ka ng iba, o kausapin ang isang tao.',
  outOfScope:
    'Hindi ko iyan masasagot: ang alam ko lang ay tungkol sa social protection ng mga migranteng manggagawa (pensiyon, kalusugan, aksidente sa trabaho, kasunduan ng mga bansa, mga karapatan mo sa trabaho). Maaaring alam ng isang tao mula sa unyon kung saan ka dapat magtanong.',
  whichRole: 'Ang {country} ba ay bansang pinagmulan mo o bansang pinagtatrabahuhan mo?',
  pickNumber: 'Sumagot ng numero mula 1 hanggang {n}, o isulat ang tanong mo.',
  followUpUnclear: 'Hindi ako sigurado kung ano ang tinatanong mo. Isa ba sa mga ito ang ibig mong sabihin?',
  moreSources: '+{n} pa',
};

const ne: UiStrings = {
  welcome:
    'नमस्ते! म प्रवासी कामदारहरूको सामाजिक सुरक्षाबारे प्रश्नको जवाफ दिन्छु: अर्को देश सर्दा वा घर फर्किंदा पेन्सन, स्वास्थ्य उपचार, देशहरूबीचका सम्झौता, तपाईंका अधिकार, र सहयोग गर्न सक्ने युनियनहरू। म एउटा बट हुँ: म स्रोतसहित सामान्य जानकारी दिन्छु, कानुनी सल्लाह होइन। मैले सहयोग गर्न नसकेमा, म तपाईंलाई युनियनको एक जना मान्छेसँग जोडिदिन्छु।',
  privacy:
    'गोपनीयता: म हाम्रो कुराकानी तपाईंलाई सहयोग गर्न र तपाईंले भनेमा युनियनका कर्मचारीलाई दिनका लागि मात्र राख्छु। तपाईंको सहमतिबिना म तपाईंको फोन नम्बर कर्मचारीलाई कहिल्यै देखाउँदिनँ। जुनसुकै बेला /forget पठाउनुहोस्, म तपाईंबारे राखेको सबै मेटाइदिन्छु।',
  help: 'आफ्नै शब्दमा प्रश्न सोध्नुहोस्, वा कुनै विषय छान्नुहोस्। आदेशहरू: भाषा बदल्न /language, मान्छेसँग कुरा गर्न /human, तपाईंको डाटा मेटाउन /forget।',
  chooseLanguage: 'तपाईं कुन भाषा रोज्नुहुन्छ?',
  languageSet: 'हुन्छ, म नेपालीमा जवाफ दिनेछु।',
  languageNotAvailable: 'माफ गर्नुहोस्, म अहिलेसम्म त्यो भाषामा जवाफ दिन सक्दिनँ। म {language} मा जवाफ दिनेछु।',
  empty: 'तपाईंको सन्देश खाली थियो। आफ्नो प्रश्न लेख्नुहोस्, जस्तै: "घर फर्किएँ भने मेरो पेन्सन जान्छ?"',
  unreadable: 'मैले त्यो सन्देश पढ्न सकिनँ। कृपया आफ्नो प्रश्न शब्दमा लेख्नुहोस्।',
  truncated: 'तपाईंको सन्देश धेरै लामो थियो, त्यसैले मैले पहिलो भाग मात्र पढेँ।',
  media: 'अहिलेलाई म लेखिएको सन्देश मात्र पढ्न सक्छु। कृपया आफ्नो प्रश्न लेख्नुहोस्, वा मान्छेसँग कुरा गर्न /human पठाउनुहोस्।',
  rateLimited: 'तपाईं धेरै छिटो सन्देश पठाउँदै हुनुहुन्छ। कृपया एक मिनेट पर्खनुहोस्, अनि फेरि प्रयास गर्नुहोस्।',
  fallback: 'मैले ठिकसँग बुझेँ कि बुझिनँ, पक्का छैन। तपाईं यीमध्ये कुनै विषयबारे सोध्न सक्नुहुन्छ, वा कुनै मान्छेसँग कुरा गर्न सक्नुहुन्छ।',
  fallbackAgain: 'म अझै पनि यसको राम्रो जवाफ दिन सक्दिनँ। युनियनको कुनै मान्छेले तपाईंलाई सहयोग गरोस् भन्ने चाहनुहुन्छ?',
  ambiguous: 'तपाईंले यीमध्ये कुनै भन्न खोज्नुभएको हो?',
  askOrigin: 'जवाफ दिन मलाई तपाईंका देशहरू थाहा हुनुपर्छ। तपाईंको आफ्नो देश (तपाईं जहाँबाट आउनुभएको) कुन हो?',
  askDestination: 'अनि तपाईं कुन देशमा काम गर्नुहुन्छ, वा काम गर्नुभएको थियो?',
  countryNotRecognised: 'मैले त्यहाँ कुनै देश चिन्न सकिनँ। कृपया देशको नाम मात्र लेख्नुहोस्, जस्तै "कतार"।',
  sources: 'स्रोत',
  reviewed: 'जाँच मिति',
  disclaimer:
    'यो सामान्य जानकारी हो, कानुनी सल्लाह होइन। तपाईंको अवस्था फरक हुन सक्छ: युनियनको कुनै मान्छेले यसलाई हेरिदिन सक्नुहुन्छ।',
  offerHuman: 'के तपाईं युनियनको कुनै मान्छेसँग कुरा गर्न चाहनुहुन्छ?',
  ticketOpened:
    'मैले तपाईंको प्रश्न युनियनका कर्मचारीलाई पठाएँ। एक जना मान्छेले हाम्रो कुराकानी पढेर यहीँ जवाफ दिनुहुनेछ। तपाईं लेखिरहन सक्नुहुन्छ: तपाईंका सन्देश उहाँहरूकहाँ पुग्छन्। बटमा फर्कन /cancel पठाउनुहोस्।',
  ticketWaiting: 'तपाईंको सन्देश तपाईंको अनुरोधमा थपियो। युनियनका कर्मचारीले यहीँ जवाफ दिनुहुनेछ।',
  ticketSlowDown:
    'तपाईंका सबै सन्देश युनियनका कर्मचारीसम्म पुग्छन्, कुनै हराउँदैन। तपाईं धेरै छिटो लेख्दै हुनुहुन्छ: बिस्तारै लेख्न सक्नुहुन्छ, उहाँहरूले सबै पढेर यहीँ जवाफ दिनुहुनेछ।',
  ticketAlreadyOpen: 'तपाईंको अनुरोध पहिले नै युनियनका कर्मचारीसँग छ। उहाँहरूले यहीँ जवाफ दिनुहुनेछ।',
  officeClosed: 'युनियनका कर्मचारी अहिले काममा हुनुहुन्न। {when} देखि जवाफ आउने आशा गर्नुहोस्।',
  ticketClaimed: 'युनियनका {name} ले तपाईंको प्रश्न हेर्दै हुनुहुन्छ।',
  staffSays: '{name} (युनियनका कर्मचारी): {text}',
  ticketClosed: 'युनियनका कर्मचारीले तपाईंको अनुरोध बन्द गर्नुभयो। अर्को प्रश्न भए म फेरि यहाँ छु।',
  handedBack:
    'युनियनका कर्मचारीले कुराकानी मलाई फिर्ता दिनुभयो। जे पनि सोध्नुहोस्, वा फेरि मान्छेसँग कुरा गर्न /human पठाउनुहोस्।',
  cancelled: 'हुन्छ, तपाईंलाई अब उहाँहरूको सहयोग नचाहिने कुरा मैले युनियनका कर्मचारीलाई भनेँ। म फेरि यहाँ छु।',
  nothingToCancel: 'रद्द गर्नुपर्ने केही छैन।',
  forgotten:
    'भयो: मैले तपाईंबारे राखेको सबै कुरा मेटाएँ (हाम्रो कुराकानी, तपाईंका देश, तपाईंको भाषा र कर्मचारीलाई गरिएका अनुरोध)। युनियनका कर्मचारीले पहिले नै पाइसकेका सन्देश उहाँहरूसँगै रहन्छन्।',
  phoneQuestion:
    'युनियनका कर्मचारीले तपाईंको फोन नम्बर देख्न सक्नुहुन्न। उहाँहरूले तपाईंलाई फोन गर्न सकून् भनेर नम्बर दिन चाहनुहुन्छ? तपाईंका लागि सुरक्षित छ भने मात्र हो भन्नुहोस्।',
  phoneShared: 'हुन्छ, यो अनुरोधका लागि युनियनका कर्मचारीले तपाईंको फोन नम्बर देख्न सक्नुहुन्छ।',
  phoneNotShared: 'हुन्छ, तपाईंको फोन नम्बर लुकेकै रहन्छ।',
  agreementsNone:
    '{a} र {b} बीच सामाजिक सुरक्षा सम्झौता भएको कुनै अभिलेख मसँग छैन। यसले सम्झौता छैन भन्ने प्रमाणित गर्दैन। दुवैमध्ये कुनै एक देशको सामाजिक सुरक्षा कार्यालयमा सोध्नुहोस्, वा युनियनको कुनै मान्छेसँग कुरा गर्नुहोस्।',
  agreementsNeedCountries: 'दुवै देशको नाम भन्नुहोस्, म मलाई थाहा भएका सम्झौताहरू जाँच्छु।',
  agreementNotInForce:
    'यसमा हस्ताक्षर भएको छ, तर दुवै देशका लागि यो लागू भएको छैन (वा लागू भएको पक्का थाहा छैन): यसमा भर पर्नुअघि सामाजिक सुरक्षा कार्यालयमा सोधेर पक्का गर्नुहोस्।',
  countriesNoted: 'टिपियो: {countries}। तपाईं के जान्न चाहनुहुन्छ?',
  homeCountry: 'आफ्नो देश',
  workCountry: 'काम गर्ने देश',
  agreementsAlso: 'तपाईंका लागि यो पनि काम लाग्न सक्छ:',
  agreementNotInForceShort: '(हस्ताक्षर भएको, लागू भएको पुष्टि छैन)',
  agreementsNoneShort: 'यी देशबीच लागू सम्झौता मेरो अभिलेखमा छैन; यसले सम्झौता छैन भन्ने प्रमाणित गर्दैन।',
  agreementsBetween: '{a} र {b} बीच:',
  instrumentWhich:
    'तपाईंले कुन महासन्धि भन्न खोज्नुभएको? जस्तै C102, C157, C189 वा प्रवासी कामदारसम्बन्धी संयुक्त राष्ट्रसंघको महासन्धि।',
  instrumentCount: '{date} सम्म {count} देशले यसलाई अनुमोदन गरेका थिए।',
  instrumentRatified: '{country} ले {date} मा {code} अनुमोदन गरेको हो।',
  instrumentNoRecord:
    '{country} ले {code} अनुमोदन गरेको कुनै अभिलेख मसँग छैन। यसले अनुमोदन नगरेको प्रमाणित गर्दैन: ILO NORMLEX मा जाँच्नुहोस् वा युनियनको कुनै मान्छेलाई सोध्नुहोस्।',
  organisationsNone: '{countries} का लागि मसँग अहिलेसम्म युनियनको कुनै सम्पर्क छैन।',
  organisationsGeneral: 'यी सञ्जालहरूले धेरै देशमा काम गर्छन्:',
  noContactOnRecord: 'उहाँहरूलाई कसरी सम्पर्क गर्ने भनेर युनियनको कुनै मान्छेलाई सोध्नुहोस्।',
  choiceHuman: 'मान्छेसँग कुरा गर्ने',
  choiceTopics: 'विषयहरू',
  choiceYes: 'हो',
  choiceNo: 'होइन',
  choiceNoneOfThese: 'यीमध्ये कुनै होइन',
  and: 'र',
  askOriginAfter: 'तपाईंलाई के लागू हुन्छ भन्ने तपाईंका दुई देशमा भर पर्छ। तपाईंको आफ्नो देश र काम गर्ने देश भन्नुहोस्, म जाँच्छु।',
  askDestinationAfter:
    'तपाईंलाई के लागू हुन्छ भन्ने तपाईं कहाँ काम गर्नुहुन्छ भन्नेमा भर पर्छ। काम गर्ने (वा गरेको) देश भन्नुहोस्, म जाँच्छु।',
  choiceMoreDetail: 'थप विवरण',
  choiceAllSources: 'सबै स्रोत',
  noMoreDetail: 'यसबारे मसँग यति नै छ। अर्को प्रश्न सोध्नुहोस्, वा मान्छेसँग कुरा गर्नुहोस्।',
  outOfScope:
    'यो प्रश्नको जवाफ म दिन सक्दिनँ: मलाई आप्रवासी कामदारको सामाजिक सुरक्षाबारे मात्र थाहा छ (पेन्सन, स्वास्थ्य, कामको दुर्घटना, देशहरूबीचका सम्झौता, काममा तपाईंका अधिकार)। युनियनका कुनै मान्छेलाई कहाँ सोध्ने भनेर थाहा हुन सक्छ।',
  whichRole: '{country} तपाईंको आफ्नो देश हो कि काम गर्ने देश?',
  pickNumber: 'कृपया १ देखि {n} सम्मको नम्बर पठाउनुहोस्, वा आफ्नो प्रश्न लेख्नुहोस्।',
  followUpUnclear: 'तपाईं केबारे सोध्दै हुनुहुन्छ, मलाई पक्का भएन। के तपाईंको मतलब यीमध्ये कुनै हो?',
  moreSources: '+{n} थप',
};

const ar: UiStrings = {
  welcome:
    'مرحبًا! أجيب عن الأسئلة حول الحماية الاجتماعية للعمال المهاجرين: المعاش التقاعدي عند الانتقال إلى بلد آخر أو العودة إلى بلدك، والرعاية الصحية، والاتفاقيات بين الدول، وحقوقك، والنقابات التي يمكنها مساعدتك. أنا روبوت محادثة: أقدّم معلومات عامة مع مصدرها، لا استشارة قانونية. وعندما لا أستطيع مساعدتك، أحوّلك إلى شخص من النقابة.',
  privacy:
    'الخصوصية: أحتفظ بمحادثتنا فقط لمساعدتك ولتسليمها إلى موظفي النقابة إذا طلبت ذلك. لا أُظهر رقم هاتفك للموظفين أبدًا إلا إذا وافقت. أرسل /forget في أي وقت وسأمحو ما حفظته عنك.',
  help: 'اسألني بكلماتك، أو اختر موضوعًا. الأوامر: /language لتغيير اللغة، /human للتحدث مع شخص، /forget لمحو بياناتك.',
  chooseLanguage: 'ما اللغة التي تفضّلها؟',
  languageSet: 'حسنًا، سأجيب باللغة العربية.',
  languageNotAvailable: 'عذرًا، لا أستطيع الإجابة بهذه اللغة بعد. سأجيب بلغة {language}.',
  empty: 'رسالتك فارغة. اكتب سؤالك، مثلًا: "هل أخسر معاشي التقاعدي إذا عدت إلى بلدي؟"',
  unreadable: 'لم أستطع قراءة هذه الرسالة. من فضلك اكتب سؤالك بالكلمات.',
  truncated: 'رسالتك طويلة جدًا، لذلك قرأت الجزء الأول منها فقط.',
  media: 'لا أستطيع حاليًا قراءة غير الرسائل النصية. من فضلك اكتب سؤالك، أو أرسل /human للوصول إلى شخص.',
  rateLimited: 'أنت ترسل الرسائل بسرعة كبيرة. من فضلك انتظر دقيقة، ثم حاول مرة أخرى.',
  fallback: 'لست متأكدًا أنني فهمت. يمكنك أن تسأل عن أحد هذه المواضيع، أو أن تتحدث مع شخص.',
  fallbackAgain: 'ما زلت لا أستطيع الإجابة عن هذا جيدًا. هل تريد أن يساعدك شخص من النقابة؟',
  ambiguous: 'هل تقصد واحدًا من هذه؟',
  askOrigin: 'لكي أجيب، أحتاج أن أعرف بلدانك. ما هو بلدك الأصلي (البلد الذي جئت منه)؟',
  askDestination: 'وفي أي بلد تعمل، أو كنت تعمل؟',
  countryNotRecognised: 'لم أتعرّف على اسم بلد في رسالتك. من فضلك اكتب اسم البلد فقط، مثلًا "الفلبين".',
  sources: 'المصدر',
  reviewed: 'رُوجع في',
  disclaimer: 'هذه معلومات عامة، وليست استشارة قانونية. قد تختلف حالتك: يمكن لشخص من النقابة أن ينظر فيها.',
  offerHuman: 'هل تريد التحدث مع شخص من النقابة؟',
  ticketOpened:
    'أرسلت سؤالك إلى موظفي النقابة. سيقرأ شخص محادثتنا ويرد عليك هنا. يمكنك مواصلة الكتابة: رسائلك تصل إليهم. أرسل /cancel للعودة إلى الروبوت.',
  ticketWaiting: 'أُضيفت رسالتك إلى طلبك. سيرد موظفو النقابة هنا.',
  ticketSlowDown:
    'كل رسائلك تصل إلى موظفي النقابة، ولا تضيع أي رسالة. أنت تكتب بسرعة كبيرة: يمكنك أن تبطئ، سيقرؤون كل شيء ويردّون عليك هنا.',
  ticketAlreadyOpen: 'طلبك موجود بالفعل لدى موظفي النقابة. سيردّون عليك هنا.',
  officeClosed: 'موظفو النقابة ليسوا في مكاتبهم الآن. انتظر الرد ابتداءً من {when}.',
  ticketClaimed: '{name} من النقابة يطّلع على سؤالك الآن.',
  staffSays: '{name} (من النقابة): {text}',
  ticketClosed: 'أغلق موظفو النقابة طلبك. أنا هنا مرة أخرى إذا كان لديك سؤال آخر.',
  handedBack: 'أعاد موظفو النقابة المحادثة إليّ. اسألني عن أي شيء، أو أرسل /human للوصول إلى شخص مرة أخرى.',
  cancelled: 'حسنًا، أبلغت موظفي النقابة أنك لم تعد بحاجة إليهم. أنا هنا مرة أخرى.',
  nothingToCancel: 'لا يوجد شيء لإلغائه.',
  forgotten:
    'تم: محوت كل ما حفظته عنك (محادثتنا، وبلدانك، ولغتك، وطلباتك إلى الموظفين). أما الرسائل التي استلمها موظفو النقابة من قبل فتبقى لديهم.',
  phoneQuestion:
    'لا يستطيع موظفو النقابة رؤية رقم هاتفك. هل تريد مشاركته حتى يتمكنوا من الاتصال بك؟ لا تقل نعم إلا إذا كان ذلك آمنًا لك.',
  phoneShared: 'حسنًا، يمكن لموظفي النقابة رؤية رقم هاتفك لهذا الطلب.',
  phoneNotShared: 'حسنًا، يبقى رقم هاتفك مخفيًا.',
  agreementsNone:
    'ليس لديّ سجل لاتفاقية ضمان اجتماعي بين {a} و{b}. هذا لا يثبت أنه لا توجد اتفاقية. اسأل مكتب الضمان الاجتماعي في أيٍّ من البلدين، أو تحدث مع شخص من النقابة.',
  agreementsNeedCountries: 'اذكر لي البلدين، وسأتحقق من الاتفاقيات التي أعرفها.',
  agreementNotInForce:
    'تم التوقيع عليها، لكنها ليست سارية (أو لا يُعرف بعد أنها سارية) في البلدين كليهما: تحقّق من مكتب الضمان الاجتماعي قبل الاعتماد عليها.',
  countriesNoted: 'تم التسجيل: {countries}. ماذا تريد أن تعرف؟',
  homeCountry: 'البلد الأصلي',
  workCountry: 'بلد العمل',
  agreementsAlso: 'قد يفيدك أيضًا:',
  agreementNotInForceShort: '(موقَّعة، ولم يتأكد سريانها)',
  agreementsNoneShort: 'ليس في سجلاتي اتفاقية سارية بينهما؛ وهذا لا يثبت عدم وجودها.',
  agreementsBetween: 'بين {a} و{b}:',
  instrumentWhich: 'أي اتفاقية تقصد؟ مثلًا C102 أو C157 أو C189 أو اتفاقية الأمم المتحدة للعمال المهاجرين.',
  instrumentCount: 'عدد الدول التي صادقت عليها حتى {date}: {count}.',
  instrumentRatified: 'صادقت دولة {country} على {code} في {date}.',
  instrumentNoRecord:
    'ليس لديّ سجل بأن دولة {country} صادقت على {code}. هذا لا يثبت أنها لم تصادق: تحقّق في ILO NORMLEX (قاعدة بيانات منظمة العمل الدولية) أو اسأل شخصًا من النقابة.',
  organisationsNone: 'ليس لديّ بعدُ جهة اتصال نقابية مسجّلة تخص {countries}.',
  organisationsGeneral: 'هذه الشبكات تعمل في عدة بلدان:',
  noContactOnRecord: 'اسأل شخصًا من النقابة عن طريقة التواصل معهم.',
  choiceHuman: 'التحدث مع شخص',
  choiceTopics: 'المواضيع',
  choiceYes: 'نعم',
  choiceNo: 'لا',
  choiceNoneOfThese: 'لا شيء من هذه',
  and: 'و',
  askOriginAfter: 'ما ينطبق عليك يتوقف على بلديك. أخبرني ببلدك الأصلي والبلد الذي تعمل فيه، وسأتحقق.',
  askDestinationAfter:
    'ما ينطبق عليك يتوقف على مكان عملك. أخبرني بالبلد الذي تعمل فيه (أو عملت فيه)، وسأتحقق.',
  choiceMoreDetail: 'مزيد من التفاصيل',
  choiceAllSources: 'كل المصادر',
  noMoreDetail: 'هذا كل ما لديّ عن هذا الموضوع. اسألني سؤالًا آخر، أو تحدث مع شخص.',
  outOfScope:
    'لا أستطيع الإجابة عن هذا: أعرف فقط عن الحماية الاجتماعية للعمال المهاجرين (المعاشات، والرعاية الصحية، وإصابات العمل، والاتفاقيات بين الدول، وحقوقك في العمل). قد يعرف شخص من النقابة إلى أين تتوجه بسؤالك.',
  whichRole: 'هل {country} بلدك الأصلي أم البلد الذي تعمل فيه؟',
  pickNumber: 'من فضلك أرسل رقمًا من 1 إلى {n}، أو اكتب سؤالك.',
  followUpUnclear: 'لست متأكدًا عمّا تسأل. هل تقصد واحدًا من هذه؟',
  moreSources: '+{n} أخرى',
};

export const STRINGS: Partial<Record<Language, UiStrings>> & { en: UiStrings } = {
  en,
  es,
  fr,
  pt,
  id,
  tl,
  ne,
  ar,
};

/** The UI text `key` in `language` (English when missing), with `{name}` placeholders filled. */
export function t(
  language: Language,
  key: keyof UiStrings,
  vars: Record<string, string | number> = {},
): string {
  const template = (STRINGS[language] ?? STRINGS.en)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] !== undefined ? String(vars[name]) : whole,
  );
}
