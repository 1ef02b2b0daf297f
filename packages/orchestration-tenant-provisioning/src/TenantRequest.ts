/**
 * A tenant to provision: the input of a `tenant-provisioning` run, and what {@link PendingTenants} hands out.
 *
 * @remarks Plain JSON: it is recorded (summarised) in the run record.
 */
export interface TenantRequest {
  /** Stable id of the tenant; every service call is keyed by it, so provisioning the same tenant twice is safe. */
  readonly tenantId: string;
  /** Display name, used for the realm and the welcome message. */
  readonly name: string;
  /** The billing plan; defaults to `TenantProvisioningOptions.defaultPlan`. */
  readonly plan?: string;
  /** Where the welcome message goes, if the Notifications implementation needs an address. */
  readonly adminEmail?: string;
}
