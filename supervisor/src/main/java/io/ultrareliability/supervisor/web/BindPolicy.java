package io.ultrareliability.supervisor.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where the server may listen: loopback always, anything else only with explicit consent. */
final class BindPolicy {
    private BindPolicy() {
    }

    /** Resolves {@code host} and refuses a non-loopback address unless {@code allowRemote}. */
    static InetAddress resolve(String host, boolean allowRemote) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new WebServerException("web host " + host + " does not resolve", e);
        }
        if (!address.isLoopbackAddress() && !allowRemote) {
            throw new WebServerException("refusing to listen on " + host + " (" + address.getHostAddress()
                    + "): not a loopback address; the control API would be reachable from other machines."
                    + " Set web.allow_remote: true to allow it");
        }
        return address;
    }
}
