// libcurl's entry points for the statically linked FoundationNetworking, loaded on first use.
//
// Swift code never calls these: the header exists because a C target needs one. See
// CurlLoader.c and docs/decisions.md ("libcurl is loaded only if URLSession is used").
#pragma once

/// Whether libcurl has been loaded into the process (1) or not yet (0).
int mcpdash_curl_loaded(void);
