import type { GuideImportResult, InstalledGuidePackage } from '../../../shared/api';
import type { GuidePackage } from '../../../shared/guide';

/**
 * The installed guide packages as the handlers see them: the active one per agency,
 * earlier versions still pinned by visits in progress, and the import of a newer one.
 */
export interface GuideCatalog {
  activeAll(): GuidePackage[];
  /** A package version that is installed (active or kept); null if it is not. */
  get(packageId: string, version: number): GuidePackage | null;
  installed(): InstalledGuidePackage[];
  /** Verifies and installs a signed package file; throws AppError('GUIDE_PACKAGE_REJECTED') with the reason. */
  importSigned(text: string): GuideImportResult;
}
