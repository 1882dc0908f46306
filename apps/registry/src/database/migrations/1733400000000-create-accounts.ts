import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, their sessions' refresh tokens, and the audit of every change to an account. */
export class CreateAccounts1733400000000 implements MigrationInterface {
  name = 'CreateAccounts1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "registry"."account" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "email" text NOT NULL,
      "name" text NOT NULL,
      "role" text NOT NULL,
      "region_code" text,
      "province_code" text,
      "agency_id" uuid,
      "editions" text array NOT NULL DEFAULT '{}',
      "active" boolean NOT NULL DEFAULT true,
      "password_hash" text,
      "password_expires_at" TIMESTAMP WITH TIME ZONE,
      "oidc_issuer" text,
      "oidc_subject" text,
      "created_by" text NOT NULL,
      "last_sign_in_at" TIMESTAMP WITH TIME ZONE,
      "version" integer NOT NULL DEFAULT '1',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE UNIQUE INDEX "account_email_uq" ON "registry"."account" ("email")`);
    await q.query(`CREATE INDEX "account_agency_idx" ON "registry"."account" ("agency_id")`);
    await q.query(`CREATE UNIQUE INDEX "account_oidc_uq" ON "registry"."account" ("oidc_issuer", "oidc_subject") WHERE oidc_subject IS NOT NULL`);
    await q.query(`CREATE TABLE "registry"."account_refresh_token" (
      "token_hash" text NOT NULL,
      "family_id" uuid NOT NULL,
      "account_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_1c993a911e9cb39f01edee50f83" PRIMARY KEY ("token_hash")
    )`);
    await q.query(`CREATE INDEX "account_refresh_token_family_idx" ON "registry"."account_refresh_token" ("family_id")`);
    await q.query(`CREATE INDEX "account_refresh_token_account_idx" ON "registry"."account_refresh_token" ("account_id")`);
    await q.query(`CREATE TABLE "registry"."account_audit" (
      "id" BIGSERIAL NOT NULL,
      "account_id" uuid NOT NULL,
      "action" text NOT NULL,
      "actor_sub" text NOT NULL,
      "actor_role" text NOT NULL,
      "changes" jsonb NOT NULL DEFAULT '{}',
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_2a504b11de85e11afc0cf36ced7" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE INDEX "account_audit_account_idx" ON "registry"."account_audit" ("account_id", "at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry"."account_audit"`);
    await q.query(`DROP TABLE "registry"."account_refresh_token"`);
    await q.query(`DROP TABLE "registry"."account"`);
  }
}
