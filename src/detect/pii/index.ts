import type { RecognizerDescriptor } from '../recognizer.js';
import { ageRecognizer } from './age.js';
import { auIdsRecognizer } from './au-ids.js';
import { caSinRecognizer } from './ca-ids.js';
import { creditCardRecognizer } from './credit-card.js';
import { cryptoWalletRecognizer } from './crypto-wallet.js';
import { dateOfBirthRecognizer } from './date-of-birth.js';
import { dateTimeRecognizer } from './date-time.js';
import { deIdsRecognizer } from './de-ids.js';
import { domainNameRecognizer } from './domain-name.js';
import { emailRecognizer } from './email.js';
import { esIdsRecognizer } from './es-ids.js';
import { frNirRecognizer } from './fr-ids.js';
import { ibanRecognizer } from './iban.js';
import { inIdsRecognizer } from './in-ids.js';
import { ipAddressRecognizer } from './ip-address.js';
import { itFiscalCodeRecognizer } from './it-ids.js';
import { macAddressRecognizer } from './mac-address.js';
import { medicalRecordRecognizer } from './medical-record.js';
import { nlBsnRecognizer } from './nl-ids.js';
import { organizationRecognizer } from './organization.js';
import { phoneRecognizer } from './phone.js';
import { sgNricRecognizer } from './sg-ids.js';
import { titleRecognizer } from './title.js';
import { ukNhsRecognizer, ukNinoRecognizer } from './uk-ids.js';
import { urlCredentialsRecognizer } from './url-credentials.js';
import {
  usBankRoutingRecognizer,
  usDriverLicenseRecognizer,
  usPassportRecognizer,
  usSsnRecognizer,
} from './us-ids.js';
import { zipCodeRecognizer } from './zip-code.js';

export * as checksums from './checksums.js';
export { cardBrand } from './credit-card.js';
export { DEFAULT_PHONE_REGIONS, type PhoneOptions } from './phone.js';

/** Pattern- and checksum-based PII recognisers. */
export const piiRecognizers: readonly RecognizerDescriptor[] = [
  emailRecognizer,
  phoneRecognizer,
  creditCardRecognizer,
  ibanRecognizer,
  usSsnRecognizer,
  usPassportRecognizer,
  usDriverLicenseRecognizer,
  usBankRoutingRecognizer,
  ukNinoRecognizer,
  ukNhsRecognizer,
  deIdsRecognizer,
  frNirRecognizer,
  esIdsRecognizer,
  itFiscalCodeRecognizer,
  nlBsnRecognizer,
  inIdsRecognizer,
  sgNricRecognizer,
  auIdsRecognizer,
  caSinRecognizer,
  ipAddressRecognizer,
  macAddressRecognizer,
  urlCredentialsRecognizer,
  domainNameRecognizer,
  cryptoWalletRecognizer,
  dateTimeRecognizer,
  dateOfBirthRecognizer,
  ageRecognizer,
  titleRecognizer,
  organizationRecognizer,
  medicalRecordRecognizer,
  zipCodeRecognizer,
];
