-- The way back after 我被骗了 (issue 18): she asks the bank to unfreeze
-- her cards with a PIN login and an SMS code; it happens a day later unless
-- she cancels it, and her guardian is told at once.
CREATE TABLE unfreeze_requests (
    id          BIGSERIAL PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    device_id   TEXT NOT NULL REFERENCES devices(id),
    status      TEXT NOT NULL,
    not_before  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT
);
CREATE INDEX unfreeze_requests_customer ON unfreeze_requests (customer_id, status);
