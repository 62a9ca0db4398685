// Fusion adaptations that let X3 fill the parse tree by attribute propagation.
// Only lib/syntax/grammar.cpp includes this.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "syntax/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Expression, first, rest)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Unary, op, operand)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::FunctorCall, name, args)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Atom, name, args)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Comparison, lhs, op, rhs)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Aggregate, function, target, body)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Clause, heads, body)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::AttributeDecl, name, type)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::RelationDecl, names, attributes, qualifiers)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::TypeDecl, name, relation, bases)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::IoParam, key, value)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::IoDirective, directive, relations, params)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::ParamRange, low, high, step)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::ParamDecl, name, value, range)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Hypothesis, name, text, source)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Probability, p_h, p_not_h)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Link, direction, hypothesis, test, probability, because)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::BodyForm, keyword, body)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::ImplicationForm, keyword, body, conclusion)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::ShareForm, body, conclusion, op, bound)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::HoldsForm, lhs, op, rhs)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::ObservableFrom, keyword, year)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Claim, name, text, from, form, links)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Unobserved, keyword, relations)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::Dated, relation, attribute)
BOOST_FUSION_ADAPT_STRUCT(kz::syntax::ast::AsOf, keyword, date)
