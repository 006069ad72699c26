/**
 * Chooses "a" or "an" for a following word, the way English speakers read it: by sound, not
 * letter, and aware of acronyms ("an XSS", "a URL", "an hour", "a user").
 */
const AN_EXCEPTIONS = /^(hour|honest|honou?r|heir|herb)/i;
const A_EXCEPTIONS = /^(uni|use|usu|uti|ure|uro|eu|ewe|one|once|ubiq|uk\b|u\.)/i;
// Letters whose spoken name starts with a vowel sound: A E F H I L M N O R S X.
const VOWEL_SOUND_LETTERS = /^[AEFHILMNORSX]/;

function isAcronym(word: string): boolean {
  return word.length >= 2 && /^[A-Z0-9]+s?$/.test(word) && /[A-Z]/.test(word);
}

export function needsAn(nextWord: string): boolean {
  const word = nextWord.replace(/^[^A-Za-z0-9]+/, "");
  if (word.length === 0) return false;
  if (isAcronym(word.split(/[^A-Za-z0-9]/)[0] ?? "")) return VOWEL_SOUND_LETTERS.test(word);
  if (/^[0-9]/.test(word)) return /^(8|11|18|80|800)/.test(word);
  if (AN_EXCEPTIONS.test(word)) return true;
  if (A_EXCEPTIONS.test(word)) return false;
  return /^[aeiou]/i.test(word);
}

/** "a" or "an" for the word, keeping the capitalisation of `article`. */
export function articleFor(nextWord: string, article = "a"): string {
  const chosen = needsAn(nextWord) ? "an" : "a";
  return article[0] === "A" ? chosen[0]!.toUpperCase() + chosen.slice(1) : chosen;
}

/** Corrects every standalone "a"/"an" in the text to agree with the word that follows it. */
export function correctArticles(text: string): string {
  return text.replace(
    /\b(a|an|A|An)(\s+)([A-Za-z0-9][\w.-]*)/g,
    (_whole, article: string, space: string, word: string) => `${articleFor(word, article)}${space}${word}`,
  );
}
