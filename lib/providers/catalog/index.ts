import type { TProviderInput } from "../schemas";
import { advertisingProviders } from "./advertising";
import { analyticsProviders } from "./analytics";
import { cmsProviders } from "./cms";
import { commerceProviders } from "./commerce";
import { communicationProviders } from "./communication";
import { crmProviders } from "./crm";
import { designProviders } from "./design";
import { developmentProviders } from "./development";
import { googleWorkspaceProviders } from "./google-workspace";
import { marketingProviders } from "./marketing";
import { microsoftProviders } from "./microsoft";
import { productivityProviders } from "./productivity";
import { projectManagementProviders } from "./project-management";
import { sandbox } from "./sandbox";
import { schedulingProviders } from "./scheduling";
import { socialProviders } from "./social";
import { supportProviders } from "./support";

/** Raw catalog entries; registry.ts validates them. Add a provider by adding it to one of these lists. */
export const catalog: readonly TProviderInput[] = [
  ...commerceProviders,
  ...advertisingProviders,
  ...marketingProviders,
  ...analyticsProviders,
  ...supportProviders,
  ...communicationProviders,
  ...googleWorkspaceProviders,
  ...microsoftProviders,
  ...developmentProviders,
  ...designProviders,
  ...cmsProviders,
  ...crmProviders,
  ...socialProviders,
  ...productivityProviders,
  ...projectManagementProviders,
  ...schedulingProviders,
  sandbox,
];
