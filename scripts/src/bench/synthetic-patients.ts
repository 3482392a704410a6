/**
 * A deterministic synthetic patient population: the same seed always gives the same million
 * rows, so runs on different machines search the same data.
 */

/** Common US family names, most frequent first (US Census 2010 order). */
const FAMILY_NAMES = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez
Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera
Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris
Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward
Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel
Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales
Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole
Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez
McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson
Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd
Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan
Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight
Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman
Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada
Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson Austin
Dominguez Carr Lawson Jacobs O'Brien Lynch Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean
Sims Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields
Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May Holland Juarez
Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila Wade Molina Stanley
Hopkins Campos`.split(/\s+/);

/** Common given names, most frequent first, by the sex recorded with them. */
const FEMALE_NAMES = `Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon
Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra
Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina
Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn
Janice Jean Abigail Alice Judy Sophia Grace Denise Amber Doris Marilyn Danielle Beverly Isabella Theresa Diana
Natalie Brittany Charlotte Marie Kayla Alexis Lori Ava Mia Chloe Camila Sofia Guadalupe Rosa Ana Mei Priya Fatima
Aisha Yesenia`.split(/\s+/);
const MALE_NAMES = `James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel
Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey
Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank
Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Ethan Walter Noah
Jeremy Christian Keith Roger Terry Gerald Harold Sean Austin Carl Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe
Bruce Gabriel Logan Albert Willie Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason Philip
Louis Liam Luis Carlos Miguel Wei Raj Mohammed Ahmed Hiroshi Minh`.split(/\s+/);

const STREETS = `Main St|Maple Ave|Oak St|Park St|Washington St|Elm St|Church St|High St|Prospect Ave|Farmington Ave
|Albany Ave|Franklin Ave|Wethersfield Ave|Broad St|Asylum Ave|New Britain Ave|Silas Deane Hwy|Berlin Tpke|Center St
|Spring St`.split(/\s*\|\s*/);
const TOWNS: [city: string, state: string, postalCode: string][] = [
  ['Hartford', 'CT', '06106'],
  ['West Hartford', 'CT', '06107'],
  ['East Hartford', 'CT', '06108'],
  ['New Britain', 'CT', '06051'],
  ['Bristol', 'CT', '06010'],
  ['Manchester', 'CT', '06040'],
  ['Wethersfield', 'CT', '06109'],
  ['Newington', 'CT', '06111'],
  ['Glastonbury', 'CT', '06033'],
  ['Enfield', 'CT', '06082'],
  ['Middletown', 'CT', '06457'],
  ['Meriden', 'CT', '06450'],
  ['Waterbury', 'CT', '06702'],
  ['New Haven', 'CT', '06511'],
  ['Norwich', 'CT', '06360'],
  ['Torrington', 'CT', '06790'],
  ['Windsor', 'CT', '06095'],
  ['Bloomfield', 'CT', '06002'],
  ['Vernon', 'CT', '06066'],
  ['Springfield', 'MA', '01103'],
];

/** mulberry32: a small, fast PRNG, good enough for synthetic data and reproducible everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws names with Zipf-like weights 1/sqrt(rank): with these lists the most common family name
 * is about 3% of patients and the rarest about 0.2%, roughly the spread of the US census.
 */
class RankedNames {
  private readonly cumulative: number[] = [];

  constructor(readonly names: readonly string[]) {
    let total = 0;
    for (let rank = 1; rank <= names.length; rank += 1) this.cumulative.push((total += 1 / Math.sqrt(rank)));
  }

  pick(random: () => number): string {
    const target = random() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return this.names[low];
  }
}

const familyNames = new RankedNames(FAMILY_NAMES);
const femaleNames = new RankedNames(FEMALE_NAMES);
const maleNames = new RankedNames(MALE_NAMES);

/** A family name drawn with the population's frequencies. */
export const pickFamilyName = (random: () => number) => familyNames.pick(random);
/** A given name drawn with the population's frequencies (either sex). */
export const pickGivenName = (random: () => number) => (random() < 0.5 ? femaleNames : maleNames).pick(random);

// A fixed "today", not the real one, so the same seed gives the same birth dates next year.
const REFERENCE_DAY_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
const BIRTH_DATE_SPAN_DAYS = 36_525; // 100 years

/** Every possible birth date, newest first: index k is k + 1 days before the reference day. */
const BIRTH_DATES = Array.from({ length: BIRTH_DATE_SPAN_DAYS }, (_, k) => new Date(REFERENCE_DAY_MS - (k + 1) * DAY_MS).toISOString().slice(0, 10));

/** A birth date (YYYY-MM-DD) uniformly within the population's 100 years. */
export const pickBirthDate = (random: () => number) => BIRTH_DATES[Math.floor(random() * BIRTH_DATE_SPAN_DAYS)];

const FIRST_MRN = 10_000_000;
/** The MRN of the `index`-th generated patient (0-based): sequential, as hospitals assign them. */
export const mrnOf = (index: number) => String(FIRST_MRN + index);

/** The columns of `patients` the generator fills, in the order each text row gives them. */
export const PATIENT_COPY_COLUMNS = [
  'mrn',
  'family_name',
  'given_name',
  'date_of_birth',
  'sex',
  'deceased_date',
  'phone',
  'email',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
  'created_at',
  'updated_at',
] as const;

/** Every generated patient was "loaded" on the reference day: stored times are never the database's own. */
const LOADED_AT = new Date(REFERENCE_DAY_MS).toISOString();

const NULL = '\\N';

function patientLine(index: number, random: () => number): string {
  const family = familyNames.pick(random);
  const sexDraw = random();
  const sex = sexDraw < 0.495 ? 'female' : sexDraw < 0.99 ? 'male' : sexDraw < 0.995 ? 'other' : 'unknown';
  const given = (sex === 'female' || (sex !== 'male' && random() < 0.5) ? femaleNames : maleNames).pick(random);
  const birthIndex = Math.floor(random() * BIRTH_DATE_SPAN_DAYS);
  // About 6% of those over 65 have died, at some day between birth and the reference day.
  const deceased = birthIndex > 65 * 365 && random() < 0.06 ? BIRTH_DATES[Math.floor(random() * birthIndex)] : NULL;
  const phone = `+186055501${String(Math.floor(random() * 100)).padStart(2, '0')}`;
  const email = random() < 0.6 ? `${given}.${family}${index % 97}@example.com`.toLowerCase().replace("'", '') : NULL;
  const street = `${1 + Math.floor(random() * 1999)} ${STREETS[Math.floor(random() * STREETS.length)]}`;
  const unit = random() < 0.1 ? `Apt ${1 + Math.floor(random() * 40)}` : NULL;
  const [city, state, postalCode] = TOWNS[Math.floor(random() * TOWNS.length)];
  return `${mrnOf(index)}\t${family}\t${given}\t${BIRTH_DATES[birthIndex]}\t${sex}\t${deceased}\t${phone}\t${email}\t${street}\t${unit}\t${city}\t${state}\t${postalCode}\t${LOADED_AT}\t${LOADED_AT}\n`;
}

const ROWS_PER_CHUNK = 2_000;

/**
 * `count` patients as PostgreSQL COPY text (tab-separated, \N for NULL), in chunks of a few
 * thousand rows. Every value comes from the fixed lists above, none holds a tab, newline or
 * backslash, so no escaping is needed.
 */
export function* patientCopyText(count: number, seed: number): Generator<string> {
  const random = seededRandom(seed);
  for (let start = 0; start < count; start += ROWS_PER_CHUNK) {
    let chunk = '';
    for (let index = start; index < Math.min(start + ROWS_PER_CHUNK, count); index += 1) chunk += patientLine(index, random);
    yield chunk;
  }
}
