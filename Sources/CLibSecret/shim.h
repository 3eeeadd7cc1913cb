#ifndef MCPDASH_CLIBSECRET_SHIM_H
#define MCPDASH_CLIBSECRET_SHIM_H
#include <libsecret/secret.h>
#endif
