-- Named operator accounts, server-side sessions and used one-time sign-in links (issue 10 items 8-10).

-- CreateTable
CREATE TABLE "operators" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "password_hash" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "operator_sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "operator_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "last_seen_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "revoked_at" DATETIME
);

-- CreateTable
CREATE TABLE "used_login_tokens" (
    "jti" TEXT NOT NULL PRIMARY KEY,
    "used_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "operators_email_key" ON "operators"("email");
CREATE INDEX "operator_sessions_operator_id_idx" ON "operator_sessions"("operator_id");
CREATE INDEX "operator_sessions_expires_at_idx" ON "operator_sessions"("expires_at");
CREATE INDEX "used_login_tokens_expires_at_idx" ON "used_login_tokens"("expires_at");
