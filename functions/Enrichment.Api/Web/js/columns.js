// Column recognition: mirrors shared/Enrichment.Core/Input/ColumnMap.cs.

const KNOWN = {
  email: ['email', 'e-mail', 'emailaddress', 'e-mail address', 'mail', 'mailaddress', 'emailid', 'emailaddr',
    'work email', 'business email', 'personal email', 'primary email', 'contact email', 'email 1',
    'work email address', 'business email address', 'primary email address', 'courriel', 'correo'],
  phone: ['phone', 'phone number', 'phone no', 'phonenumber', 'tel', 'tel no', 'telephone', 'telephone number',
    'mobile', 'mobile phone', 'mobile number', 'mobile no', 'cell', 'cell phone', 'cellphone',
    'cell number', 'work phone', 'business phone', 'direct phone', 'direct dial', 'primary phone',
    'contact number', 'contact phone', 'phone 1', 'msisdn', 'home phone', 'office phone', 'telefon',
    'telefono', 'telephone 1'],
  'first name': ['first name', 'firstname', 'first', 'fname', 'given name', 'givenname', 'forename', 'first_name',
    'contact first name', 'vorname', 'prenom', 'nombre'],
  'last name': ['last name', 'lastname', 'last', 'lname', 'surname', 'family name', 'familyname', 'last_name',
    'contact last name', 'nachname', 'nom', 'apellido'],
  'full name': ['name', 'full name', 'fullname', 'contact name', 'contact', 'display name', 'person name',
    'contact full name', 'person'],
  company: ['company', 'company name', 'companyname', 'organization', 'organisation', 'organization name',
    'organisation name', 'org', 'org name', 'account', 'account name', 'employer', 'business',
    'business name', 'firm', 'firma', 'empresa', 'entreprise'],
  website: ['website', 'web site', 'domain', 'company website', 'company domain', 'company url', 'url', 'web',
    'site', 'website url', 'homepage', 'home page', 'web address', 'company domain name', 'domain name'],
  country: ['country', 'country code', 'country name', 'countrycode', 'country/region', 'nation',
    'country iso', 'iso country', 'country iso code', 'land', 'pais', 'pays'],
  'job title': ['job title', 'jobtitle', 'title', 'position', 'role', 'job role', 'designation', 'occupation',
    'job position', 'job', 'job function', 'business title'],
  city: ['city', 'town', 'locality', 'city name', 'town/city', 'stadt', 'ciudad', 'ville'],
};
const LOOSE = {
  email: ['email', 'emailaddress'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilenumber', 'telephone', 'cellphone'],
  'first name': ['firstname', 'givenname'],
  'last name': ['lastname', 'surname', 'familyname'],
  'full name': ['fullname', 'contactname'],
  company: ['company', 'companyname', 'organization', 'organisation', 'accountname'],
  website: ['website', 'domain', 'websiteurl'],
  country: ['country', 'countrycode', 'countryname'],
  'job title': ['jobtitle'],
  city: ['city'],
};
const normalize = (name) => (name || '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const knownNames = new Map();
for (const [field, names] of Object.entries(KNOWN)) {
  for (const name of names) {
    if (!knownNames.has(normalize(name))) knownNames.set(normalize(name), field);
  }
}

/** The field each column feeds (or null), by the server's rules: known names first, then core-word endings. */
export function mapColumns(columns) {
  const fields = new Array(columns.length).fill(null);
  const taken = new Set();
  const names = columns.map(normalize);
  names.forEach((name, i) => {
    const field = knownNames.get(name);
    if (field && !taken.has(field)) { fields[i] = field; taken.add(field); }
  });
  for (const [field, suffixes] of Object.entries(LOOSE)) {
    if (taken.has(field)) continue;
    for (let i = 0; i < names.length; i++) {
      const trimmed = names[i].replace(/[0-9]+$/, '');
      if (fields[i] === null && suffixes.some((s) => trimmed.endsWith(s))) { fields[i] = field; taken.add(field); break; }
    }
  }
  return fields;
}
