/** The output of a successful `tenant-provisioning` run: the ids the services gave back. */
export interface TenantProvisioned {
  readonly tenantId: string;
  readonly realmId: string;
  readonly clientId: string;
  readonly subscriptionId: string;
  readonly plan: string;
  /** The welcome message's id, as the Notifications service reported it. */
  readonly welcomeId: string;
}
