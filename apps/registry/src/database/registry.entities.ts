import type { EntityClass } from '@lumbung/platform';
import { AccountAudit } from '../accounts/account-audit.entity.js';
import { Account } from '../accounts/account.entity.js';
import { RefreshToken } from '../accounts/refresh-token.entity.js';
import { Agency } from '../agencies/agency.entity.js';
import { InnovationType } from '../innovation-types/innovation-type.entity.js';
import { InnovationHistory } from '../innovations/innovation-history.entity.js';
import { Innovation } from '../innovations/innovation.entity.js';

/** Every entity of the registry schema; the migration test checks the migrations create exactly these. */
export const REGISTRY_ENTITIES: EntityClass[] = [Agency, InnovationType, Innovation, InnovationHistory, Account, RefreshToken, AccountAudit];
