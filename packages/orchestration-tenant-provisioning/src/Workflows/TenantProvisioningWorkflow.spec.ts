import { BatonError, type StepRunRecord } from '@baton/core';
import { createTestHost, type TestHost } from '@baton/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addTenantProvisioningOrchestration } from '../addTenantProvisioningOrchestration.js';
import { FakeTenantServices } from '../fakes/FakeTenantServices.js';
import { BillingPlans } from '../Interfaces/BillingPlans.js';
import { ClientService } from '../Interfaces/ClientService.js';
import { Notifications } from '../Interfaces/Notifications.js';
import { PendingTenants } from '../Interfaces/PendingTenants.js';
import { RealmService } from '../Interfaces/RealmService.js';
import { TenantProvisioningWorkflow } from './TenantProvisioningWorkflow.js';

const acme = { tenantId: 'acme', name: 'Acme Corp', adminEmail: 'ops@acme.test' };
const steps = (run: { steps: readonly StepRunRecord[] }) =>
  run.steps.map(({ name, status, attempts, compensation }) => ({ name, status, attempts, compensation: compensation?.status }));

async function hostWith(services: FakeTenantServices): Promise<TestHost> {
  return createTestHost((builder) => {
    builder.services
      .addSingleton(RealmService, { useValue: services })
      .addSingleton(ClientService, { useValue: services })
      .addSingleton(BillingPlans, { useValue: services })
      .addSingleton(Notifications, { useValue: services })
      .addSingleton(PendingTenants, { useValue: services });
    addTenantProvisioningOrchestration(builder, { pendingEvery: false });
  });
}

describe(TenantProvisioningWorkflow.workflowName, () => {
  let services: FakeTenantServices;
  let t: TestHost;

  beforeEach(() => {
    services = new FakeTenantServices();
  });

  afterEach(async () => {
    await t.stop();
  });

  describe('when every service answers', () => {
    it('should create the realm, the client, the plan and the welcome, in order, and succeed', async () => {
      t = await hostWith(services);

      const run = await t.workflows.trigger(TenantProvisioningWorkflow.workflowName, acme);

      expect(run.status).toBe('succeeded');
      expect(JSON.parse(run.outputSummary!)).toStrictEqual({
        tenantId: 'acme',
        realmId: 'realm-1',
        clientId: 'client-2',
        subscriptionId: 'sub-3',
        plan: 'free',
        welcomeId: 'welcome-4',
      });
      expect(services.journal).toStrictEqual(['createRealm', 'createClient', 'subscribe', 'sendWelcome']);
      const welcome = services.welcomes.get('welcome-4')!;
      expect([welcome.adminEmail, welcome.idempotencyKey]).toStrictEqual(['ops@acme.test', `tenant-provisioning@manual:${run.id}/acme/welcome`]);
      expect(t.logs.messages('error')).toStrictEqual([]);
    });
  });

  describe('when a step fails once and then answers', () => {
    it('should retry it after the backoff without creating twice', async () => {
      t = await hostWith(services.fail('createClient', 1));

      const pending = t.workflows.trigger(TenantProvisioningWorkflow.workflowName, acme);
      // Past the 1 s retry delay.
      await t.advance('2s');
      const run = await pending;

      expect(run.status).toBe('succeeded');
      expect(steps(run).find((step) => step.name === 'create-client')).toStrictEqual({
        name: 'create-client',
        status: 'succeeded',
        attempts: 2,
        compensation: undefined,
      });
      expect([services.realms.size, services.clients.size]).toStrictEqual([1, 1]);
    });
  });

  describe('when the plan cannot be provisioned for good', () => {
    it('should undo the client, then the realm, then the claim, and end compensated', async () => {
      t = await hostWith(services.fail('subscribe', Infinity));

      const pending = t.workflows.trigger(TenantProvisioningWorkflow.workflowName, acme);
      await t.advance('1m');
      const run = await pending;

      expect([run.status, run.error?.message]).toStrictEqual(['compensated', 'subscribe is unavailable']);
      expect(steps(run)).toStrictEqual([
        { name: 'claim-tenant', status: 'succeeded', attempts: 1, compensation: 'succeeded' },
        { name: 'create-realm', status: 'succeeded', attempts: 1, compensation: 'succeeded' },
        { name: 'create-client', status: 'succeeded', attempts: 1, compensation: 'succeeded' },
        { name: 'provision-plan', status: 'failed', attempts: 3, compensation: undefined },
      ]);
      expect(services.journal.slice(-2)).toStrictEqual(['deleteClient client-2', 'deleteRealm realm-1']);
      expect([services.realms.size, services.clients.size, services.subscriptions.size]).toStrictEqual([0, 0, 0]);

      // The claim was released: the tenant can be provisioned again, with fresh keys.
      const retried = t.workflows.trigger(TenantProvisioningWorkflow.workflowName, acme);
      await t.advance('1m');
      const again = await retried;
      expect(again.status).toBe('compensated');
      expect(services.journal.filter((call) => call === 'createRealm')).toHaveLength(2);
    });
  });

  describe('when an undo meets a passing outage', () => {
    it('should retry the undo and still end compensated', async () => {
      t = await hostWith(services.fail('subscribe', Infinity).fail('deleteClient', 1));

      const pending = t.workflows.trigger(TenantProvisioningWorkflow.workflowName, acme);
      await t.advance('1m');
      const run = await pending;

      expect(run.status).toBe('compensated');
      expect(services.journal.slice(-3)).toStrictEqual(['deleteClient client-2', 'deleteClient client-2', 'deleteRealm realm-1']);
      expect(t.logs.messages('warn')).toContain('Compensation attempt failed; retrying');
    });
  });

  describe('when a service says the error is permanent', () => {
    it('should not retry it', async () => {
      t = await hostWith(services.fail('createRealm', Infinity, () => Object.assign(new Error('realm name taken'), { retryable: false })));

      const run = await t.workflows.trigger(TenantProvisioningWorkflow.workflowName, acme);

      expect([run.status, steps(run).at(-1)]).toStrictEqual(['compensated', { name: 'create-realm', status: 'failed', attempts: 1, compensation: undefined }]);
    });
  });

  describe('when the same tenant is triggered twice at once', () => {
    it('should refuse the second run at the claim and leave the first one whole', async () => {
      t = await hostWith(services.fail('createRealm', 1));

      const first = t.workflows.trigger(TenantProvisioningWorkflow.workflowName, acme);
      const second = t.workflows.trigger(TenantProvisioningWorkflow.workflowName, acme);
      // Past the 1 s retry delay.
      await t.advance('2s');
      const runs = await Promise.all([first, second]);

      expect(runs.map((run) => run.status)).toStrictEqual(['succeeded', 'failed']);
      expect(runs[1]!.error?.message).toBe("Tenant 'acme' is already being provisioned by another run on this host.");
      expect([services.realms.size, services.clients.size]).toStrictEqual([1, 1]);
    });
  });

  describe('when the input is not a tenant', () => {
    it('should fail at the claim without calling a service', async () => {
      t = await hostWith(services);

      const run = await t.workflows.trigger(TenantProvisioningWorkflow.workflowName, { name: 'no id' });

      expect([run.status, run.error?.message]).toStrictEqual(['failed', 'A tenant needs a non-empty string tenantId; got {"name":"no id"}.']);
      expect(services.journal).toStrictEqual([]);
    });
  });
});

describe(addTenantProvisioningOrchestration, () => {
  describe('when an option is invalid', () => {
    it.each([
      [
        { pendingEvery: '0s' },
        'addTenantProvisioningOrchestration(): options.pendingEvery must be greater than zero; got "0s". (BATON_ERR_WORKFLOW_INVALID_OPTIONS)',
      ],
      [
        { pendingEvery: 'soon' },
        'addTenantProvisioningOrchestration(): options.pendingEvery must be a duration like \'5m\', or false to leave the scheduled workflow out; got "soon". (BATON_ERR_WORKFLOW_INVALID_OPTIONS)',
      ],
      [
        { pendingBatchSize: 0 },
        'addTenantProvisioningOrchestration(): options.pendingBatchSize must be an integer >= 1; got 0. (BATON_ERR_WORKFLOW_INVALID_OPTIONS)',
      ],
      [
        { concurrency: 2 },
        "addTenantProvisioningOrchestration(): unknown option 'concurrency'; known options: pendingEvery, pendingBatchSize, defaultPlan, stepRetry, stepTimeout, runTimeout. (BATON_ERR_WORKFLOW_INVALID_OPTIONS)",
      ],
    ])('should throw BATON_ERR_WORKFLOW_INVALID_OPTIONS for %j and register nothing', (options, message) => {
      const registered: unknown[] = [];
      const builder = { services: { has: () => false, addSingleton: () => registered.push('singleton') }, addHostedService: () => registered.push('hosted') };
      let thrown: unknown;
      try {
        addTenantProvisioningOrchestration(builder as never, options as never);
      } catch (error) {
        thrown = error;
      }
      expect(BatonError.is(thrown, 'BATON_ERR_WORKFLOW_INVALID_OPTIONS')).toBe(true);
      expect((thrown as Error).message).toBe(message);
      expect(registered).toStrictEqual([]);
    });
  });
});
