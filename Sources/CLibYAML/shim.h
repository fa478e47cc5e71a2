#ifndef PBL_CLIBYAML_SHIM_H
#define PBL_CLIBYAML_SHIM_H
// Debian's libyaml-dev (pkg-config yaml-0.1). Nothing else: the Swift side owns every parser.
#include <yaml.h>
#endif
