import type { TFunction } from 'i18next';
import type { Errand } from '../shared/api';
import type { Office } from '../shared/offices';

/** Catalogue keys for domain ids; ids like "skv.id_card" nest as errand.skv.id_card. */
export const errandLabel = (t: TFunction, kind: string) => t(`errand.${kind}`);
export const agencyLabel = (t: TFunction, agency: string) => t(`agency.${agency}`);
export const outcomeLabel = (t: TFunction, outcome: string) => t(`outcome.${outcome}`);
export const officeLabel = (t: TFunction, office: Office) => `${office.name} – ${t(`officeKind.${office.kind}`)}`;
/** An office named where space is short (the header's sync status): "Växjö Araby", without "Servicekontor". */
export const officeShortName = (office: Pick<Office, 'name'>) => office.name.replace(/^Servicekontor\s+/, '');
export const errandTitle = (t: TFunction, errand: Errand) =>
  `${errand.position}. ${errandLabel(t, errand.errandKind)} (${agencyLabel(t, errand.agency)})`;
