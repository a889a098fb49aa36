/* admin_payments.h - `onedoor-admin payments ...` and `onedoor-admin sms
 * ...`: the month's payment rolls, finance's check, the bank files and the
 * applicant's text messages (src/app/admin_payments.c, admin_sms.c).  Run
 * as the staff login that acts (PGUSER): the server checks the group. */
#ifndef ONEDOOR_ADMIN_PAYMENTS_H
#define ONEDOOR_ADMIN_PAYMENTS_H

#include "onedoor/db.h"

int admin_payments_run(struct db *db, int argc, char **argv);
int admin_sms_run(struct db *db, int argc, char **argv);

/* The translated name of a roll state ("draft" -> 草稿) or line state
 * ("pending", "held", "paid", "failed"); the code itself when unknown. */
const char *payments_state_label(const char *state);

#endif
