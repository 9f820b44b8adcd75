/** The forms of one counted phrase, by CLDR plural category (`other` always; Russian also needs `one`, `few`, `many`). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<string, Intl.PluralRules>();

/** Picks the form of a counted phrase that `locale`'s grammar wants for `count` (1 файл, 2 файла, 5 файлов). */
export function plural(locale: string, count: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  return forms[rule.select(count)] ?? forms.other;
}
