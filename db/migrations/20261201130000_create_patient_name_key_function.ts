import type { Knex } from 'knex';

/** What a key leaves out, as ranges of a regular expression's bracket. */
const LEFT_OUT = [
  String.raw`\u0001-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00bf`, // ASCII and Latin-1 spaces, punctuation and symbols
  String.raw`\u02b9-\u02bf`, // modifier-letter apostrophes and primes (ʻ ʼ)
  String.raw`\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f`, // combining diacritical marks
  String.raw`\u2000-\u206f`, // general punctuation: spaces, dashes, curly quotes (‘ ’)
  String.raw`\u3000-\u3003\u30fb`, // ideographic space and punctuation, the katakana middle dot
].join('');

/**
 * The one definition of a name's search key, used for the stored keys and for every search, so the
 * two cannot disagree: "O'Connell", "O’Connell", "O Connell" and "oconnell" share a key, as do
 * "Núñez" and "Nunez". Compatibility decomposition (NFKD) splits accents from their letters and
 * turns full-width letters typed on East Asian keyboards into plain ones; the Latin diacritical
 * marks are then left out, with punctuation, apostrophes of every kind, hyphens and spaces.
 * Letters of other scripts stay, their own marks too (a Devanagari vowel sign or a kana's voicing
 * mark changes the name), so "李" keeps "李" as its key. Stroked letters have no decomposition and
 * are spelt out ("Søren" as "soren"). Lower-casing comes last, so on a database created with the C
 * locale (which folds only ASCII) accented Latin capitals still fold. No key holds %, _ or \, so
 * a key is a LIKE prefix as it stands.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION patient_name_key(name text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN lower(regexp_replace(
        replace(replace(replace(replace(replace(replace(
          translate(normalize(name, NFKD), 'ØøŁłĐđı', 'OoLlDdi'),
          'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ẞ', 'SS'), 'ß', 'ss'),
        '[${LEFT_OUT}]', '', 'g'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION patient_name_key(text)');
}
