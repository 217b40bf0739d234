-- CreateTable
CREATE TABLE "domains" (
    "uid" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tld" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "previous_status" TEXT,
    "dns_propagation_status" TEXT,
    "nameservers" TEXT NOT NULL DEFAULT '[]',
    "renewal_date" DATETIME,
    "renewal_status" TEXT,
    "registration_years" INTEGER,
    "registration_date" DATETIME,
    "price" REAL,
    "connection_type" TEXT,
    "forwarding_url" TEXT,
    "forwarding_email" TEXT,
    "forwarding_status" TEXT,
    "enable_mask_forwarding" BOOLEAN,
    "dmarc_email" TEXT,
    "catch_all_email" TEXT,
    "assigned_mailboxes" INTEGER,
    "available_mailboxes" INTEGER,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "change_details" TEXT,
    "workspace_id" TEXT,
    "team_id" TEXT,
    "team_name" TEXT,
    "last_occurred_at" DATETIME NOT NULL,
    "order_key" TEXT NOT NULL,
    "first_seen_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "mailboxes" (
    "uid" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "username" TEXT NOT NULL DEFAULT '',
    "first_name" TEXT,
    "last_name" TEXT,
    "profile_picture" TEXT,
    "status" TEXT NOT NULL,
    "previous_status" TEXT,
    "platform" TEXT,
    "renewal_date" DATETIME,
    "renewal_status" TEXT,
    "is_admin" BOOLEAN,
    "is_add_on" BOOLEAN,
    "credentials_fingerprint" TEXT,
    "domain_id" TEXT,
    "domain_name" TEXT,
    "change_details" TEXT,
    "workspace_id" TEXT,
    "team_id" TEXT,
    "team_name" TEXT,
    "last_occurred_at" DATETIME NOT NULL,
    "order_key" TEXT NOT NULL,
    "first_seen_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "consent_requests" (
    "uid" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "previous_status" TEXT,
    "consent_url" TEXT,
    "status_text" TEXT,
    "status_reason" TEXT,
    "retry_count" INTEGER,
    "max_retries" INTEGER,
    "completed_at" DATETIME,
    "mailbox_id" TEXT,
    "change_details" TEXT,
    "workspace_id" TEXT,
    "team_id" TEXT,
    "team_name" TEXT,
    "last_occurred_at" DATETIME NOT NULL,
    "order_key" TEXT NOT NULL,
    "first_seen_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "client_id_requests" (
    "uid" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "previous_status" TEXT,
    "domain_name" TEXT,
    "client_id" TEXT,
    "status_text" TEXT,
    "status_reason" TEXT,
    "retry_count" INTEGER,
    "max_retries" INTEGER,
    "completed_at" DATETIME,
    "mailbox_id" TEXT,
    "change_details" TEXT,
    "workspace_id" TEXT,
    "team_id" TEXT,
    "team_name" TEXT,
    "last_occurred_at" DATETIME NOT NULL,
    "order_key" TEXT NOT NULL,
    "first_seen_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "vendor" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "entity_type" TEXT,
    "entity_uid" TEXT,
    "status" TEXT,
    "previous_status" TEXT,
    "occurred_at" DATETIME NOT NULL,
    "occurred_at_source" TEXT NOT NULL,
    "received_at" DATETIME NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "duplicate_count" INTEGER NOT NULL DEFAULT 1,
    "last_seen_at" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL,
    "workspace_id" TEXT,
    "team_id" TEXT,
    "credentials_fingerprint" TEXT,
    "payload" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "rejected_deliveries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "vendor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "size" INTEGER NOT NULL,
    "body_sha256" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "matched_scheme" TEXT,
    "payload" TEXT,
    "received_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "domains_status_idx" ON "domains"("status");

-- CreateIndex
CREATE INDEX "domains_workspace_id_idx" ON "domains"("workspace_id");

-- CreateIndex
CREATE INDEX "domains_name_idx" ON "domains"("name");

-- CreateIndex
CREATE INDEX "domains_last_occurred_at_idx" ON "domains"("last_occurred_at");

-- CreateIndex
CREATE INDEX "mailboxes_status_idx" ON "mailboxes"("status");

-- CreateIndex
CREATE INDEX "mailboxes_workspace_id_idx" ON "mailboxes"("workspace_id");

-- CreateIndex
CREATE INDEX "mailboxes_email_idx" ON "mailboxes"("email");

-- CreateIndex
CREATE INDEX "mailboxes_domain_name_idx" ON "mailboxes"("domain_name");

-- CreateIndex
CREATE INDEX "mailboxes_last_occurred_at_idx" ON "mailboxes"("last_occurred_at");

-- CreateIndex
CREATE INDEX "consent_requests_status_idx" ON "consent_requests"("status");

-- CreateIndex
CREATE INDEX "consent_requests_workspace_id_idx" ON "consent_requests"("workspace_id");

-- CreateIndex
CREATE INDEX "consent_requests_mailbox_id_idx" ON "consent_requests"("mailbox_id");

-- CreateIndex
CREATE INDEX "client_id_requests_status_idx" ON "client_id_requests"("status");

-- CreateIndex
CREATE INDEX "client_id_requests_workspace_id_idx" ON "client_id_requests"("workspace_id");

-- CreateIndex
CREATE INDEX "client_id_requests_domain_name_idx" ON "client_id_requests"("domain_name");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_dedupe_key_key" ON "webhook_events"("dedupe_key");

-- CreateIndex
CREATE INDEX "webhook_events_entity_type_entity_uid_occurred_at_idx" ON "webhook_events"("entity_type", "entity_uid", "occurred_at");

-- CreateIndex
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "webhook_events_workspace_id_received_at_idx" ON "webhook_events"("workspace_id", "received_at");

-- CreateIndex
CREATE INDEX "rejected_deliveries_received_at_idx" ON "rejected_deliveries"("received_at");
