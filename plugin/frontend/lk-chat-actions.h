/*
 * Linkon — what a viewer's chat keyword may do, once the anchor allowed it
 * in the claim rules ("!link" → show the QR code for a few seconds).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-room-hub.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Registers the handler with the room hub; starts its timer thread. */
void lk_chat_actions_init(struct lk_room_hub *hub);
/* Unregisters, stops the thread, hides what it showed. */
void lk_chat_actions_free(struct lk_room_hub *hub);

#ifdef __cplusplus
}
#endif
