// Message catalogue of the simulator's Connect onboarding pages (hosted and embedded), English and French.

export type OnboardingLocale = 'en' | 'fr';

/** The API errors a step's save can meet that the pages explain in the page's language. */
export type ApiErrorKey =
  | 'dob_invalid'
  | 'dob_too_old'
  | 'dob_future'
  | 'dob_too_young'
  | 'id_number_us'
  | 'id_number'
  | 'ssn_last_4'
  | 'tax_id'
  | 'mcc'
  | 'routing_number'
  | 'account_number_us'
  | 'iban_invalid'
  | 'iban_country'
  | 'account_number';

export interface OnboardingMessages {
  lang: string;
  title: string;
  testMode: string;
  withPlatform: (platform: string) => string;
  intro: (platform: string) => string;
  stepOf: (n: number, total: number) => string;
  progress: string;
  steps: Record<string, string>;
  continue: string;
  back: string;
  edit: string;
  leave: (platform: string) => string;
  submit: string;
  businessType: string;
  individual: string;
  company: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  jobTitle: string;
  dob: string;
  dobHint: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  idNumberUS: string;
  idNumberHint: string;
  companyName: string;
  taxId: string;
  ownersProvided: string;
  directorsProvided: string;
  mcc: string;
  url: string;
  productDescription: string;
  urlHint: string;
  routingNumber: string;
  accountNumber: string;
  iban: string;
  holderName: string;
  bankOnFile: (last4: string) => string;
  bankReplaceHint: string;
  testValuesTitle: string;
  testValues: Record<string, string>;
  required: (label: string) => string;
  invalid: (label: string) => string;
  /** A field's label with what is wrong with it. */
  fieldError: (label: string, problem: string) => string;
  errorSummary: string;
  verificationErrors: Record<string, string>;
  /** Errors the API answers to a step's save (its `message` is English only), by {@link ApiErrorKey}. */
  apiErrors: Record<ApiErrorKey, string>;
  /** An API error the catalogue does not know (non-English pages; English pages show the API's message). */
  saveFailed: string;
  /** A verification error code the catalogue does not know (non-English pages). */
  verificationFailed: string;
  stillDue: string;
  nothingDue: string;
  tosLabel: (platform: string) => string;
  tosAccepted: string;
  tosRequired: string;
  reviewIntro: string;
  provided: string;
  notProvided: string;
  idProvided: string;
  doneTitle: string;
  doneBody: (platform: string) => string;
  doneIncomplete: string;
  returnLink: (platform: string) => string;
  unknownTitle: string;
  unknownBody: string;
  expiredTitle: string;
  expiredBody: string;
  fieldNames: Record<string, string>;
  mccOptions: Record<string, string>;
}

export const ONBOARDING_MESSAGES: Record<OnboardingLocale, OnboardingMessages> = {
  en: {
    lang: 'en',
    title: 'Set up payouts',
    testMode: 'Test mode',
    withPlatform: (p) => `${p} partners with Stripe for secure payments and payouts.`,
    intro: (p) => `${p} uses Stripe to pay you. Tell us a little about you and your business; information you already gave ${p} is shown for you to confirm.`,
    stepOf: (n, total) => `Step ${n} of ${total}`,
    progress: 'Onboarding progress',
    steps: {
      business_type: 'Business type',
      company_details: 'Company details',
      representative_details: 'Personal details',
      date_of_birth: 'Date of birth',
      address: 'Home address',
      identity: 'Identity number',
      business_profile: 'Your business',
      external_account: 'Bank account',
      summary: 'Review and terms',
    },
    continue: 'Continue',
    back: 'Back',
    edit: 'Edit',
    leave: (p) => `Save and return to ${p}`,
    submit: 'Agree and submit',
    businessType: 'What type of business are you?',
    individual: 'Individual or sole proprietor',
    company: 'Company',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    phone: 'Phone number',
    jobTitle: 'Job title',
    dob: 'Date of birth',
    dobHint: 'Test mode: 1901-01-01 verifies; any other date fails verification.',
    line1: 'Address line 1',
    line2: 'Address line 2 (optional)',
    city: 'City',
    state: 'State',
    postalCode: 'Postal code',
    country: 'Country',
    idNumberUS: 'Social Security number',
    idNumberHint: 'Test mode: 000000000 verifies; 111111111 fails.',
    companyName: 'Legal business name',
    taxId: 'Tax ID (EIN / SIREN)',
    ownersProvided: 'I confirm that all owners of 25% or more have been provided',
    directorsProvided: 'I confirm that all directors have been provided',
    mcc: 'Industry',
    url: 'Business website',
    productDescription: 'Or describe what you sell',
    urlHint: 'Test mode: https://accessible.stripe.com verifies.',
    routingNumber: 'Routing number',
    accountNumber: 'Account number',
    iban: 'IBAN',
    holderName: 'Account holder name',
    bankOnFile: (l) => `Bank account ending in ${l} is on file.`,
    bankReplaceHint: 'Leave the fields empty to keep it, or enter another account to replace it.',
    testValuesTitle: 'Test values',
    testValues: {
      address: 'address_full_match verifies; address_no_match fails.',
      bank_US: 'Routing 110000000, account 000123456789.',
      bank_EU: 'IBAN FR1420041010050500013M02606.',
    },
    required: (l) => `Enter ${l.toLowerCase()}.`,
    invalid: (l) => `${l} is not valid.`,
    fieldError: (l, problem) => `${l}: ${problem}`,
    errorSummary: 'Please fix the following:',
    verificationErrors: {
      verification_failed_address_match: "The address couldn't be verified. Check that it is correct.",
      verification_failed_keyed_identity: "Your identity couldn't be verified with the details you entered. Check your name and date of birth.",
      verification_failed_id_number_match: "The identity number couldn't be verified. Check that it is correct.",
      verification_failed_tax_id_match: "The tax ID doesn't match the business name.",
      verification_failed_tax_id_not_issued: 'The tax ID was not issued by the tax authority.',
      invalid_dob_age_under_18: 'You must be at least 18 years old.',
      invalid_url_denylisted: 'This website is not allowed. Enter another one.',
      invalid_url_website_inaccessible_geoblocked: "The website can't be reached from our location.",
      invalid_url_format: 'The website address is not valid.',
    },
    apiErrors: {
      dob_invalid: 'Enter a real date of birth.',
      dob_too_old: 'The year of birth must be 1900 or later.',
      dob_future: 'The date of birth cannot be in the future.',
      dob_too_young: 'You must be at least 13 years old to use Stripe.',
      id_number_us: 'A Social Security number has 9 digits (000000000 in test mode).',
      id_number: 'Enter 4 to 20 letters or digits.',
      ssn_last_4: 'Enter the last 4 digits of the Social Security number.',
      tax_id: 'Enter 5 to 20 letters or digits.',
      mcc: 'Choose an industry from the list.',
      routing_number: 'A routing number has 9 digits and a valid checksum (110000000 in test mode).',
      account_number_us: 'An account number has 4 to 17 digits.',
      iban_invalid: 'This IBAN is not valid. Check it for typos.',
      iban_country: "This IBAN is from another country than your account's.",
      account_number: 'This account number is not valid.',
    },
    saveFailed: 'This information could not be saved. Check it and try again.',
    verificationFailed: "This information couldn't be verified. Check that it is correct.",
    stillDue: 'Still needed before you can be paid:',
    nothingDue: 'Everything needed has been provided.',
    tosLabel: (p) => `I agree to the Stripe Connected Account Agreement, and I certify that the information I provided to ${p} and Stripe is accurate.`,
    tosAccepted: 'Terms of service accepted.',
    tosRequired: 'Accept the terms to continue.',
    reviewIntro: 'Check your information. Use Edit to change anything.',
    provided: 'Provided',
    notProvided: 'Not provided',
    idProvided: 'Provided (hidden)',
    doneTitle: 'You are all set',
    doneBody: (p) => `Your information was sent. You can return to ${p}.`,
    doneIncomplete: 'Some information is still needed or could not be verified; you can finish later.',
    returnLink: (p) => `Return to ${p}`,
    unknownTitle: 'Link not found',
    unknownBody: 'This onboarding link does not exist. Ask the platform for a new one.',
    expiredTitle: 'This link has expired',
    expiredBody: 'Onboarding links can be used once and only for a few minutes. Ask the platform for a new one.',
    fieldNames: {
      business_type: 'Business type',
      first_name: 'First name',
      last_name: 'Last name',
      email: 'Email',
      phone: 'Phone number',
      'relationship.title': 'Job title',
      'dob.day': 'Date of birth',
      'dob.month': 'Date of birth (month)',
      'dob.year': 'Date of birth (year)',
      'address.line1': 'Address line 1',
      'address.city': 'City',
      'address.state': 'State',
      'address.postal_code': 'Postal code',
      ssn_last_4: 'Last 4 digits of the SSN',
      id_number: 'Identity number',
      'company.name': 'Legal business name',
      'company.tax_id': 'Tax ID',
      'company.phone': 'Company phone',
      'company.address.line1': 'Company address',
      'company.address.city': 'Company city',
      'company.address.state': 'Company state',
      'company.address.postal_code': 'Company postal code',
      'company.owners_provided': 'Owners',
      'company.directors_provided': 'Directors',
      'business_profile.mcc': 'Industry',
      'business_profile.url': 'Business website',
      external_account: 'Bank account',
      'tos_acceptance.date': 'Terms of service',
      'tos_acceptance.ip': 'Terms of service',
    },
    mccOptions: {
      '6513': 'Real estate agents and managers (rentals)',
      '7011': 'Hotels, motels and resorts',
      '5734': 'Computer software stores',
      '5812': 'Restaurants',
      '7299': 'Other services',
    },
  },
  fr: {
    lang: 'fr',
    title: 'Configurer les virements',
    testMode: 'Mode test',
    withPlatform: (p) => `${p} s'associe à Stripe pour des paiements et des virements sécurisés.`,
    intro: (p) => `${p} utilise Stripe pour vous payer. Parlez-nous de vous et de votre activité ; les informations déjà données à ${p} vous sont présentées pour confirmation.`,
    stepOf: (n, total) => `Étape ${n} sur ${total}`,
    progress: "Progression de l'inscription",
    steps: {
      business_type: "Type d'entreprise",
      company_details: "Informations sur l'entreprise",
      representative_details: 'Informations personnelles',
      date_of_birth: 'Date de naissance',
      address: 'Adresse personnelle',
      identity: "Numéro d'identité",
      business_profile: 'Votre activité',
      external_account: 'Compte bancaire',
      summary: 'Vérification et conditions',
    },
    continue: 'Continuer',
    back: 'Retour',
    edit: 'Modifier',
    leave: (p) => `Enregistrer et revenir sur ${p}`,
    submit: 'Accepter et envoyer',
    businessType: "Quel type d'entreprise êtes-vous ?",
    individual: 'Particulier ou entrepreneur individuel',
    company: 'Société',
    firstName: 'Prénom',
    lastName: 'Nom',
    email: 'E-mail',
    phone: 'Numéro de téléphone',
    jobTitle: 'Fonction',
    dob: 'Date de naissance',
    dobHint: 'Mode test : 1901-01-01 est vérifiée ; toute autre date échoue.',
    line1: "Ligne d'adresse 1",
    line2: "Ligne d'adresse 2 (facultatif)",
    city: 'Ville',
    state: 'État',
    postalCode: 'Code postal',
    country: 'Pays',
    idNumberUS: 'Numéro de sécurité sociale (SSN)',
    idNumberHint: 'Mode test : 000000000 est vérifié ; 111111111 échoue.',
    companyName: 'Raison sociale',
    taxId: 'Identifiant fiscal (EIN / SIREN)',
    ownersProvided: 'Je confirme avoir indiqué tous les propriétaires détenant 25 % ou plus',
    directorsProvided: 'Je confirme avoir indiqué tous les dirigeants',
    mcc: "Secteur d'activité",
    url: "Site web de l'entreprise",
    productDescription: 'Ou décrivez ce que vous vendez',
    urlHint: 'Mode test : https://accessible.stripe.com est vérifié.',
    routingNumber: "Numéro d'acheminement (routing)",
    accountNumber: 'Numéro de compte',
    iban: 'IBAN',
    holderName: 'Titulaire du compte',
    bankOnFile: (l) => `Compte bancaire se terminant par ${l} enregistré.`,
    bankReplaceHint: 'Laissez les champs vides pour le conserver, ou saisissez un autre compte pour le remplacer.',
    testValuesTitle: 'Valeurs de test',
    testValues: {
      address: 'address_full_match est vérifiée ; address_no_match échoue.',
      bank_US: 'Routing 110000000, compte 000123456789.',
      bank_EU: 'IBAN FR1420041010050500013M02606.',
    },
    required: (l) => `Renseignez : ${l.toLowerCase()}.`,
    invalid: (l) => `${l} : valeur non valide.`,
    fieldError: (l, problem) => `${l} : ${problem}`,
    errorSummary: 'Veuillez corriger les points suivants :',
    verificationErrors: {
      verification_failed_address_match: "L'adresse n'a pas pu être vérifiée. Vérifiez qu'elle est correcte.",
      verification_failed_keyed_identity: "Votre identité n'a pas pu être vérifiée avec ces informations. Vérifiez votre nom et votre date de naissance.",
      verification_failed_id_number_match: "Le numéro d'identité n'a pas pu être vérifié. Vérifiez qu'il est correct.",
      verification_failed_tax_id_match: "L'identifiant fiscal ne correspond pas à la raison sociale.",
      verification_failed_tax_id_not_issued: "L'identifiant fiscal n'a pas été délivré par l'administration fiscale.",
      invalid_dob_age_under_18: 'Vous devez avoir au moins 18 ans.',
      invalid_url_denylisted: "Ce site web n'est pas autorisé. Indiquez-en un autre.",
      invalid_url_website_inaccessible_geoblocked: "Le site web n'est pas accessible depuis notre région.",
      invalid_url_format: "L'adresse du site web n'est pas valide.",
    },
    apiErrors: {
      dob_invalid: 'Indiquez une date de naissance réelle.',
      dob_too_old: "L'année de naissance doit être 1900 ou postérieure.",
      dob_future: 'La date de naissance ne peut pas être dans le futur.',
      dob_too_young: 'Vous devez avoir au moins 13 ans pour utiliser Stripe.',
      id_number_us: 'Un numéro de sécurité sociale compte 9 chiffres (000000000 en mode test).',
      id_number: 'Saisissez de 4 à 20 lettres ou chiffres.',
      ssn_last_4: 'Saisissez les 4 derniers chiffres du numéro de sécurité sociale.',
      tax_id: 'Saisissez de 5 à 20 lettres ou chiffres.',
      mcc: 'Choisissez un secteur dans la liste.',
      routing_number: "Un numéro d'acheminement compte 9 chiffres et une clé valide (110000000 en mode test).",
      account_number_us: 'Un numéro de compte compte de 4 à 17 chiffres.',
      iban_invalid: "Cet IBAN n'est pas valide. Vérifiez qu'il ne contient pas de faute de frappe.",
      iban_country: "Cet IBAN est d'un autre pays que celui de votre compte.",
      account_number: "Ce numéro de compte n'est pas valide.",
    },
    saveFailed: "Ces informations n'ont pas pu être enregistrées. Vérifiez-les et réessayez.",
    verificationFailed: "Ces informations n'ont pas pu être vérifiées. Vérifiez qu'elles sont correctes.",
    stillDue: 'Encore nécessaire avant de pouvoir être payé :',
    nothingDue: 'Toutes les informations nécessaires ont été fournies.',
    tosLabel: (p) => `J'accepte l'Accord sur les comptes connectés Stripe et je certifie que les informations fournies à ${p} et à Stripe sont exactes.`,
    tosAccepted: "Conditions d'utilisation acceptées.",
    tosRequired: 'Acceptez les conditions pour continuer.',
    reviewIntro: 'Vérifiez vos informations. Utilisez « Modifier » pour changer quoi que ce soit.',
    provided: 'Fourni',
    notProvided: 'Non fourni',
    idProvided: 'Fourni (masqué)',
    doneTitle: 'Tout est prêt',
    doneBody: (p) => `Vos informations ont été envoyées. Vous pouvez revenir sur ${p}.`,
    doneIncomplete: "Certaines informations manquent encore ou n'ont pas pu être vérifiées ; vous pourrez terminer plus tard.",
    returnLink: (p) => `Revenir sur ${p}`,
    unknownTitle: 'Lien introuvable',
    unknownBody: "Ce lien d'inscription n'existe pas. Demandez-en un nouveau à la plateforme.",
    expiredTitle: 'Ce lien a expiré',
    expiredBody: "Les liens d'inscription ne servent qu'une fois et pendant quelques minutes. Demandez-en un nouveau à la plateforme.",
    fieldNames: {
      business_type: "Type d'entreprise",
      first_name: 'Prénom',
      last_name: 'Nom',
      email: 'E-mail',
      phone: 'Numéro de téléphone',
      'relationship.title': 'Fonction',
      'dob.day': 'Date de naissance',
      'dob.month': 'Date de naissance (mois)',
      'dob.year': 'Date de naissance (année)',
      'address.line1': "Ligne d'adresse 1",
      'address.city': 'Ville',
      'address.state': 'État',
      'address.postal_code': 'Code postal',
      ssn_last_4: 'Quatre derniers chiffres du SSN',
      id_number: "Numéro d'identité",
      'company.name': 'Raison sociale',
      'company.tax_id': 'Identifiant fiscal',
      'company.phone': "Téléphone de l'entreprise",
      'company.address.line1': "Adresse de l'entreprise",
      'company.address.city': "Ville de l'entreprise",
      'company.address.state': "État de l'entreprise",
      'company.address.postal_code': "Code postal de l'entreprise",
      'company.owners_provided': 'Propriétaires',
      'company.directors_provided': 'Dirigeants',
      'business_profile.mcc': "Secteur d'activité",
      'business_profile.url': "Site web de l'entreprise",
      external_account: 'Compte bancaire',
      'tos_acceptance.date': "Conditions d'utilisation",
      'tos_acceptance.ip': "Conditions d'utilisation",
    },
    mccOptions: {
      '6513': 'Agents et gestionnaires immobiliers (locations)',
      '7011': 'Hôtels, motels et complexes hôteliers',
      '5734': 'Magasins de logiciels',
      '5812': 'Restaurants',
      '7299': 'Autres services',
    },
  },
};

/**
 * The onboarding iframe's title, set by the connect-js shim on the merchant's page (apart from
 * {@link ONBOARDING_MESSAGES} so that the shim does not ship the whole catalogue).
 */
export const ONBOARDING_FRAME_TITLE: Readonly<Record<OnboardingLocale, string>> = {
  en: 'Account onboarding',
  fr: 'Configuration du compte',
};

export function pickOnboardingLocale(explicit: string | null | undefined, acceptLanguage: string | null | undefined): OnboardingLocale {
  const e = (explicit ?? '').toLowerCase();
  if (e.startsWith('fr')) return 'fr';
  if (e.startsWith('en')) return 'en';
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().split(';')[0].toLowerCase();
    if (tag.startsWith('fr')) return 'fr';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
