import {
  LiteralIndex,
  compileProximity,
  matchStarts,
  piecesOf,
  testProximity,
  type ProximityRule,
} from './proximity.js';

/**
 * Heuristic signals for the families of prompt-injection attack. They run on normalised (lower-case,
 * folded) text, are written as verb + object within a bounded window so paraphrases match, and cover
 * EN, DE, FR, ES, IT, PT (with a few RU, ZH, JA, TR, ID, NL forms). They are features for the classifier
 * and evidence for the finding, not a verdict on their own.
 */
export const FAMILIES = [
  'override',
  'extraction',
  'persona',
  'role-tags',
  'exfiltration',
  'tool-hijack',
  'payload-splitting',
  'addressed-to-ai',
  'obfuscation-request',
] as const;
export type Family = (typeof FAMILIES)[number];

/** Up to 48 characters of the same sentence between a verb and its object. */
const GAP = '[^.!?\\n]{0,48}';

const rules: Record<Family, readonly RegExp[]> = {
  override: [
    new RegExp(
      `(?:ignore|disregard|forget|overlook|skip|bypass|override|abandon|discard|drop|neglect|dismiss|cancel|erase|delete)${GAP}(?:previous|prior|above|earlier|preceding|former|initial|original|all|any|every|your|the|these|those|system)${GAP}(?:instruction|directive|rule|guideline|prompt|command|context|constraint|programming|restriction|order|policy|policies|told|instructed|said|guidance|setting)`,
    ),
    /(?:ignore|disregard|forget|overlook)[^.!?\n]{0,24}(?:what|everything|anything|all) (?:you (?:were|have been|was|'ve been) (?:told|instructed|given|taught)|(?:i|we) (?:said|told you|wrote))/,
    /(?:ignorier|vergiss|vergesse|missacht|übergeh|verwirf)[^.!?\n]{0,48}(?:anweisung|instruktion|regel|vorgab|befehl|richtlinie|gesagt)/,
    /(?:ignore|oublie|ne tiens pas compte|fais abstraction|néglige)[^.!?\n]{0,48}(?:instruction|consigne|règle|directive|ordre|ce qu)/,
    /(?:ignora|olvida|omite|haz caso omiso|descarta|pasa por alto|ignore)[^.!?\n]{0,48}(?:instruccion|regla|indicacion|directriz|directrices|orden|lo que)/,
    /(?:ignora|dimentica|trascura|non tenere conto|tralascia)[^.!?\n]{0,48}(?:istruzion|regol|direttiv|indicazion|ordin|quanto)/,
    /(?:ignore|ignora|esqueça|esqueca|desconsidere|desconsidera|despreze)[^.!?\n]{0,48}(?:instruç|instruc|regra|diretriz|ordem|ordens|o que)/,
    /(?:negeer|vergeet)[^.!?\n]{0,48}(?:instructie|regel|opdracht)|(?:abaikan|lupakan)[^.!?\n]{0,48}(?:instruksi|aturan|perintah)/,
    /(?:игнорир|забудь|не обращай внимания)[^.!?\n]{0,48}(?:инструкц|правил|указани)|(?:talimat|kural)[^.!?\n]{0,48}(?:yok say|unut|görmezden)/,
    /(?:忽略|无视|忘记|忘掉|不要理会)[^。！\n]{0,24}(?:指令|指示|规则|说明|提示)|(?:指示|命令|ルール)[^。\n]{0,24}(?:無視|忘れ)/,
    /(?:from now on|henceforth|starting now|for the rest of this conversation)[^\n]{0,48}(?:you (?:are|will|must|shall)|your (?:new )?(?:role|task|goal|purpose))/,
    /(?:new|updated|real|actual|true|revised) (?:instruction|directive|task|rule|objective|system prompt)s?\s{0,3}:/,
    /(?:ab jetzt|von nun an|à partir de maintenant|désormais|a partir de ahora|d'ora in poi|a partir de agora)[^\n]{0,48}/,
    /(?:instead|rather)[^.!?\n]{0,24}(?:you (?:should|must|will)|do the following|say|respond|output|print)/,
  ],
  extraction: [
    new RegExp(
      `(?:reveal|show|print|repeat|output|tell|display|give|share|leak|dump|disclose|spell out|write out|list|recite|what (?:is|are|was|were))${GAP}(?:system prompt|initial prompt|hidden prompt|original prompt|pre-?prompt|instructions you (?:were|have been) given|your (?:instructions|prompt|rules|guidelines|directives|configuration|initial)|secret|password|passphrase|api key|private key|the (?:text|words|content) (?:above|before)|everything (?:above|before)|confidential)`,
    ),
    /(?:repeat|print|output|copy)[^.!?\n]{0,24}(?:verbatim|word for word|everything|all of the)[^.!?\n]{0,24}(?:above|before|prior|so far|start)/,
    /(?:begin|start) your (?:reply|response|answer) with[^\n]{0,48}(?:you are|instruction|system)/,
    /(?:zeig|gib|nenn|verrat|wiederhol|sag)[^.!?\n]{0,48}(?:systemprompt|system-prompt|anweisungen|passwort|geheim|kennwort|schlüssel)/,
    /(?:révèle|montre|affiche|répète|donne|dis)[^.!?\n]{0,48}(?:prompt|instructions|mot de passe|secret|clé)/,
    /(?:revela|muestra|dime|repite|imprime|dame|comparte)[^.!?\n]{0,48}(?:prompt|instrucciones|contraseña|secreto|clave)/,
    /(?:rivela|mostra|dimmi|ripeti|stampa|dammi)[^.!?\n]{0,48}(?:prompt|istruzioni|password|segret|chiave)/,
    /(?:revele|revela|mostre|mostra|diga|repita|imprima|me dê|me de)[^.!?\n]{0,48}(?:prompt|instruções|instrucoes|senha|segredo|chave)/,
    /(?:покажи|раскрой|скажи|назови)[^.!?\n]{0,48}(?:пароль|секрет|инструкц|промпт|ключ)/,
    /密码|秘密|密钥|系统提示|パスワード|秘密鍵/,
  ],
  persona: [
    /(?<![a-z])(?:dan|dude|aim|stan|kevin|omega|apophis|maximum|betterdan|antigpt|anti-gpt|devmode)(?![a-z])[^\n]{0,48}(?:mode|stands for|persona|character|can do anything|jailbr)/,
    /do anything now|developer mode|dev mode|god mode|jailbr[eo]a?k|unfiltered mode|evil (?:confidant|ai|bot|twin)|opposite mode/,
    new RegExp(
      `(?:you are|you're|act as|acting as|pretend (?:to be|you are)|roleplay as|role-play as|play the role|immerse yourself|simulate|become|behave as|respond as)${GAP}(?:unfiltered|uncensored|unrestricted|amoral|unethical|no (?:restrictions|limits|filters|rules|guidelines|morals|ethics)|without (?:any )?(?:restrictions|limits|filters|rules|ethics|morals|censorship|guidelines)|free from|freed from|not bound)`,
    ),
    /(?:no longer|not|never) (?:bound|restricted|limited|constrained) by|(?:broken|break|broke) free (?:of|from)|free (?:of|from) (?:the )?(?:typical|usual)? ?(?:confines|restrictions|rules|constraints)/,
    /(?:stay|remain|keep) in character|never (?:refuse|break character|say (?:that )?you can(?:no|')t)|(?:must|will|cannot|can't) (?:not )?refuse|do not (?:ever )?refuse/,
    /(?:openai|anthropic|content|usage|safety) polic(?:y|ies)[^.!?\n]{0,48}(?:ignore|disregard|not apply|don't apply|does not apply|no longer|bypass)/,
    /(?:two|2|both) (?:different |separate )?(?:responses|answers|paragraphs)[^\n]{0,48}(?:one|normal|classic|jailbr|filtered|unfiltered)/,
    /(?:entwicklermodus|ohne (?:einschränkungen|regeln|filter|zensur))|(?:mode développeur|sans (?:restrictions|limites|filtres|règles|censure))/,
    /(?:modo (?:desarrollador|desenvolvedor)|sin (?:restricciones|límites|filtros|reglas|censura)|sem (?:restrições|restricoes|limites|filtros|regras|censura))/,
    /(?:modalità sviluppatore|senza (?:restrizioni|limiti|filtri|regole|censura))|(?:без (?:ограничений|цензуры|фильтров))|(?:没有限制|不受限制|無制限)/,
  ],
  'role-tags': [
    /(?:^|\n)\s{0,3}(?:#{1,4} ?)?(?:system|assistant|ai|chatbot|model|developer)\s{0,2}(?:message|prompt|instructions?)?\s{0,2}:/,
    /<\|?(?:im_start|im_end|system|assistant|user|endoftext|eot_id|start_header_id)\|?>|\[\/?inst\]|<<\/?sys>>|<\/?(?:system|assistant|instructions?|admin)>/,
    /\[(?:system|admin|developer|assistant)(?: message| note| override)?\]|\((?:system|admin) (?:message|note|override)\)/,
    /(?:end of|ignore the) (?:conversation|prompt|instructions|system prompt|user input|document|context)[^\n]{0,24}(?:\n|[.:]|-{2,8}|={2,8})/,
    /(?:system|admin|administrator|developer|root) (?:override|notice|alert|update|mode|command|access)(?![a-z])/,
    /(?:^|\n)(?:user|human)\s{0,2}:[^\n]{0,200}\n\s{0,3}(?:assistant|ai|bot)\s{0,2}:/,
  ],
  exfiltration: [
    /!\[[^\]\n]{0,100}\]\(\s{0,3}https?:\/\/[^)\s]{1,200}[?&][^)\s=]{1,40}=[^)\s]{0,200}\)/,
    /(?:append|add|include|insert|encode|put|embed)[^.!?\n]{0,48}(?:to|in|into|as)[^.!?\n]{0,24}(?:the |a )?(?:url|link|query|image|parameter|markdown)/,
    /(?:send|post|upload|transmit|forward|exfiltrate|report)[^.!?\n]{0,48}(?:to|at) (?:https?:\/\/|www\.)/,
    /(?:render|display|show|output)[^.!?\n]{0,32}image[^.!?\n]{0,32}(?:https?:|url|link)/,
    /(?:visit|open|navigate to|go to|click|fetch|browse to|call) (?:the )?(?:url |link |website |page )?https?:\/\/[^\s]{1,200}/,
  ],
  'tool-hijack': [
    /(?:call|invoke|use|execute|run|trigger) [^.!?\n]{0,40}(?:function|tool|plugin|api|command|action)(?![a-z])/,
    /\{\s{0,3}"(?:name|function|tool|tool_name|action|function_call|tool_calls)"\s{0,3}:/,
    /(?:send_?email|delete_?(?:file|user|all|repo)|transfer_?(?:funds|money)|exec(?:ute)?_?(?:command|shell|code)|run_?shell|os\.system|subprocess|eval\(|exec\()/,
    /(?:forward|send|email|share|upload|copy)[^.!?\n]{0,24}(?:all|every|the user's|their|his|her|my|the)[^.!?\n]{0,24}(?:emails?|messages|files|contacts|documents|data|conversation|history|credentials|passwords|chat)[^.!?\n]{0,24}(?:to|with)/,
    /rm -rf|curl [^\n]{0,80}\| ?(?:ba|z)?sh|wget [^\n]{0,80}\| ?(?:ba)?sh|powershell [^\n]{0,20}-enc|chmod \+x/,
    /(?:transfer|send|wire|pay)[^.!?\n]{0,24}(?:\$|€|£|usd|eur|btc|bitcoin|money|funds)[^.!?\n]{0,48}(?:to|into) (?:account|wallet|iban|address)/,
  ],
  'payload-splitting': [
    /(?<![a-z0-9_])(?:[a-z]\d?|part ?\d|str\d|var\d) ?= ?["'][^"'\n]{1,80}["'][^\n]{0,80}(?:[a-z]\d?|part ?\d|s\d) ?= ?["']/,
    /(?:concatenate|combine|join|merge|put together)[^.!?\n]{0,48}(?:strings|parts|pieces|variables|words|letters|halves|segments)/,
    /(?<![a-z0-9])[a-z]\d?\s{0,2}\+\s{0,2}[a-z]\d?(?![a-z0-9(])[^\n]{0,24}(?:\+|and (?:answer|respond|execute|follow)|then)/,
    /(?:first|second|third|next) (?:part|half|piece|segment) (?:of (?:the|my) )?(?:instruction|prompt|message|question)/,
  ],
  'addressed-to-ai': [
    /(?:^|[\s,.!:;(])(?:ai|assistant|chatbot|language model|llm|gpt|chatgpt|claude|bard|gemini|bot)s?\s{0,2}[,:]?\s{0,2}(?:must|should|shall|please|you must|you should|you are required|is instructed|will now)/,
    /(?:note|attention|important|message|instruction|reminder)s? (?:to|for) (?:the |any )?(?:ai|assistant|model|llm|chatbot|language model|bot|reader)/,
    /if you are an? (?:ai|llm|language model|assistant|chatbot|bot|gpt)|as an ai (?:you|reading)/,
    /(?:in|to|into|with|translate|format|end|begin|start|conclude) your (?:response|answer|reply|output|summary)/,
    /(?:respond|reply|answer|output)\s(?:only |solely |just )?(?:with|in)\s(?:the (?:word|phrase)|"|'|yes|no|a single)/,
    /do not (?:mention|tell|reveal|inform|alert|show|let) (?:the )?(?:user|human|reader|anyone)|without (?:telling|informing|alerting) (?:the )?user/,
    /(?:when|while|before|after) (?:summariz|answer|respond|repl|translat|process|read)ing[^.!?\n]{0,48}(?:you must|you should|always|make sure|be sure|also)/,
  ],
  'obfuscation-request': [
    /(?:decode|decipher|decrypt|translate|convert|interpret)[^.!?\n]{0,32}(?:base64|base 64|rot13|rot-13|hex|morse|binary|cipher|caesar|ascii codes|unicode escapes)/,
    /(?:respond|answer|reply|write|output|encode)[^.!?\n]{0,24}(?:in|using|as|with) (?:base64|base 64|rot13|rot-13|hex|morse|binary|leetspeak|reverse|backwards)/,
    /(?:spell|write)[^.!?\n]{0,24}(?:backwards|in reverse|with spaces between|letter by letter|one letter per line)/,
  ],
};

const compiled = Object.fromEntries(
  Object.entries(rules).map(([family, list]) => [family, list.map(compileProximity)]),
) as unknown as Record<Family, readonly ProximityRule[]>;

/** Per-family count of rules that matched (0..rules per family). */
export type FamilyCounts = Record<Family, number>;

/** The rules as written (one regex each), for tests. */
export const HEURISTIC_RULES: readonly RegExp[] = Object.values(rules).flat();

/** Every regex the heuristics actually run (the pieces of each rule), for the ReDoS audit. */
export const HEURISTIC_PATTERNS: readonly RegExp[] = Object.values(compiled).flat().flatMap(piecesOf);

/** Counts, for each family, how many of its rules match the normalised text. */
export function matchFamilies(normalized: string): FamilyCounts {
  const counts = {} as FamilyCounts;
  const index = new LiteralIndex(normalized);
  for (const family of FAMILIES) {
    let n = 0;
    for (const rule of compiled[family]) if (testProximity(rule, normalized, index)) n++;
    counts[family] = n;
  }
  return counts;
}

/** The families with at least one matching rule. */
export function firedFamilies(counts: FamilyCounts): Family[] {
  return FAMILIES.filter((f) => counts[f] > 0);
}

/** Where each family's rules match in the normalised text: one start offset per match, per rule. */
export function familyMatches(normalized: string): { family: Family; rule: number; start: number }[] {
  const out: { family: Family; rule: number; start: number }[] = [];
  const index = new LiteralIndex(normalized);
  for (const family of FAMILIES) {
    compiled[family].forEach((rule, i) => {
      for (const start of matchStarts(rule, normalized, index)) out.push({ family, rule: i, start });
    });
  }
  return out;
}
