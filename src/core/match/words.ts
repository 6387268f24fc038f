/**
 * The distinct words of a set of keyword rules, each with an id (its index in `words`, the id the
 * matcher reports) and the rules that need it. The keyword index (src/core/match/keywords.ts) and the
 * lint of shadowed rules (src/tools/lint/lint.ts) both build their matcher over one of these.
 */
export class WordTable {
  /** The words, in the order first seen: the matcher's patterns. */
  readonly words: string[] = [];
  /** For each word id, the rules (by their index) that listed it. */
  readonly rules: number[][] = [];
  private readonly ids = new Map<string, number>();

  /** The id of `word`, given one if it has none yet. */
  idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
      this.rules.push([]);
    }
    return id;
  }

  /** Records that rule `rule` lists `word`. */
  add(word: string, rule: number): void {
    (this.rules[this.idOf(word)] as number[]).push(rule);
  }
}
