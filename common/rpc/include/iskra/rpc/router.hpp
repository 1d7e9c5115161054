// Typed handler registration for received CALLs: features register the actions they serve,
// so dispatch is a table lookup rather than a switch that grows with every action.
//
// Each entry decodes the payload into the generated request struct (decoding is the schema
// check) and calls the handler with it and a Reply for the matching response type. Owned by an
// RpcEndpoint and used on the endpoint's thread.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <simdjson.h>

#include "iskra/ocpp/decode_support.hpp"
#include "iskra/ocpp/version.hpp"
#include "iskra/rpc/reply.hpp"

namespace iskra::rpc {

class Router {
public:
    explicit Router(ocpp::Version version) : version_(version) {}

    // Returns false, leaving `reply` untouched and the violation in `ctx`, when the payload
    // does not decode; otherwise the handler owns the reply.
    using Dispatch = std::function<bool(simdjson::dom::element payload, ocpp::DecodeContext& ctx,
                                        RawReply& reply)>;

    // Registers (or replaces) the handler for Request::kAction. The request type must be of
    // the endpoint's OCPP version: the table is keyed by action name. Register at set-up, not
    // from inside a handler (replacing a running handler would destroy it mid-call).
    template <class Request, class Handler>
    void on(Handler handler) {
        // Keyed by action name alone, a 1.6 handler on a 2.0.1 endpoint would decode the wrong
        // schema: a programming error, stopped where it is made.
        if (Request::kVersion != version_) {
            throw std::logic_error("handler for " + std::string(Request::kAction) +
                                   " registered on an endpoint of the other OCPP version");
        }
        using Response = typename Request::Response;
        static_assert(std::is_invocable_v<Handler&, const Request&, Reply<Response>>,
                      "handler must be callable as (const Request&, Reply<Request::Response>)");
        handlers_.insert_or_assign(
            std::string(Request::kAction),
            [handler = std::move(handler)](simdjson::dom::element payload, ocpp::DecodeContext& ctx,
                                           RawReply& reply) mutable {
                Request request;
                if (!decode(payload, request, ctx)) return false;  // by ADL, in Request's namespace
                handler(std::as_const(request), Reply<Response>(std::move(reply)));
                return true;
            });
    }

    // nullptr when no handler serves `action`.
    const Dispatch* find(std::string_view action) const {
        const auto it = handlers_.find(action);
        return it == handlers_.end() ? nullptr : &it->second;
    }

private:
    ocpp::Version version_;
    std::map<std::string, Dispatch, std::less<>> handlers_;
};

}  // namespace iskra::rpc
